import {
  Alert,
  App,
  Button,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  type FormRule,
  type InputRef,
} from 'antd';
import { useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffRole } from '../../../../shared/schemas/auth';
import {
  createStaffSchema,
  updateStaffSchema,
  type StaffView,
} from '../../../../shared/schemas/staff';
import { useCreateStaff, useUpdateStaff, type UpdateStaffInput } from './staff-api';
import {
  normalizeUsername,
  staffErrorText,
  staffLimits,
  staffRoles,
  useStaffRules,
} from './staff-form';

interface CreateValues {
  username: string;
  displayName: string;
  role: StaffRole;
  password: string;
  skills: string[];
  maxConcurrentChats: number;
}

interface EditValues {
  displayName: string;
  role: StaffRole;
  skills: string[];
  maxConcurrentChats: number;
  active: boolean;
  password?: string;
}

/** A side panel holding one form; it opens with the first field focused and forgets on close. */
function StaffDrawer({
  open,
  title,
  firstField,
  onClose,
  children,
}: {
  open: boolean;
  title: ReactNode;
  firstField: RefObject<InputRef | null>;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      size={480}
      destroyOnHidden
      // The panel would take the focus from the first field otherwise.
      autoFocus={false}
      afterOpenChange={(visible) => {
        if (visible) firstField.current?.focus();
      }}
    >
      {children}
    </Drawer>
  );
}

function SaveError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { sentence, detail } = staffErrorText(t, error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="staff-form-error"
      title={sentence}
      description={detail ?? undefined}
      style={{ marginBottom: 16 }}
    />
  );
}

function FormButtons({
  submit,
  saving,
  onCancel,
}: {
  submit: string;
  saving: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} justify="end">
      <Button onClick={onCancel}>{t('admin.cancel')}</Button>
      <Button type="primary" htmlType="submit" loading={saving}>
        {submit}
      </Button>
    </Flex>
  );
}

function useRoleOptions() {
  const { t } = useTranslation();
  return staffRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }));
}

/** Skills already given to someone, offered while typing so the same skill is spelled alike. */
function useSkillOptions(staff: readonly StaffView[]) {
  return useMemo(
    () =>
      [...new Set(staff.flatMap((s) => s.skills))]
        .sort()
        .map((skill) => ({ value: skill, label: skill })),
    [staff],
  );
}

const skillSeparators = [',', '，', ' ', '、'];

/** What routing needs of an agent, the same in both forms: skills and chat capacity. */
function RoutingFields({ staff }: { staff: readonly StaffView[] }) {
  const { t } = useTranslation();
  const rules = useStaffRules();
  const skillOptions = useSkillOptions(staff);
  const l = staffLimits;
  return (
    <>
      <Form.Item
        name="skills"
        label={t('admin.form.skills')}
        extra={t('admin.form.skillsHelp')}
        rules={[rules.skills]}
      >
        <Select mode="tags" options={skillOptions} tokenSeparators={skillSeparators} />
      </Form.Item>
      <Form.Item
        name="maxConcurrentChats"
        label={t('admin.form.capacity')}
        extra={t('admin.form.capacityHelp', { min: l.capacityMin, max: l.capacityMax })}
        rules={[rules.capacity]}
      >
        <InputNumber min={l.capacityMin} max={l.capacityMax} precision={0} />
      </Form.Item>
    </>
  );
}

function CreateStaffForm({
  staff,
  firstField,
  onDone,
}: {
  staff: readonly StaffView[];
  firstField: RefObject<InputRef | null>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  const rules = useStaffRules();
  const create = useCreateStaff();
  const roleOptions = useRoleOptions();
  const l = staffLimits;

  const notTaken: FormRule = {
    validator: async (_rule, value: unknown) => {
      const username = normalizeUsername(value);
      if (staff.some((s) => s.username === username)) {
        throw new Error(t('admin.validation.usernameTaken'));
      }
    },
  };

  const submit = (values: CreateValues) => {
    // The rules passed, so this only trims, lower-cases and fills defaults as the server would.
    const input = createStaffSchema.parse(values);
    create.mutate(input, {
      onSuccess: (created) => {
        void toast.success(t('admin.created', { username: created.username }));
        onDone();
      },
    });
  };

  return (
    <Form<CreateValues>
      layout="vertical"
      requiredMark={false}
      initialValues={{ role: 'agent', skills: [], maxConcurrentChats: l.capacityDefault }}
      onFinish={submit}
      data-testid="create-staff-form"
    >
      {create.isError && <SaveError error={create.error} />}
      <Form.Item
        name="username"
        label={t('admin.form.username')}
        extra={t('admin.form.usernameHelp')}
        rules={[rules.username, notTaken]}
      >
        <Input ref={firstField} autoFocus autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('admin.form.displayName')}
        extra={t('admin.form.displayNameHelp')}
        rules={[rules.displayName]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="role" label={t('admin.form.role')} rules={[rules.role]}>
        <Select options={roleOptions} />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('admin.form.password')}
        extra={t('admin.form.passwordHelp', { min: l.passwordMin })}
        rules={[rules.password]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <RoutingFields staff={staff} />
      <FormButtons submit={t('admin.create')} saving={create.isPending} onCancel={onDone} />
    </Form>
  );
}

const sameSkills = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((skill, i) => skill === b[i]);

/** Only what changed: a role, access or password change signs the person out everywhere. */
function changesTo(staff: StaffView, values: EditValues, isSelf: boolean): UpdateStaffInput {
  const patch: UpdateStaffInput = {};
  const displayName = values.displayName.trim();
  const skills = values.skills.map((skill) => skill.trim());
  if (displayName !== staff.displayName) patch.displayName = displayName;
  if (!isSelf && values.role !== staff.role) patch.role = values.role;
  if (!sameSkills(skills, staff.skills)) patch.skills = skills;
  if (values.maxConcurrentChats !== staff.maxConcurrentChats) {
    patch.maxConcurrentChats = values.maxConcurrentChats;
  }
  if (!isSelf && values.active !== staff.active) patch.active = values.active;
  if (values.password) patch.password = values.password;
  return patch;
}

function EditStaffForm({
  account,
  staff,
  isSelf,
  firstField,
  onDone,
}: {
  account: StaffView;
  staff: readonly StaffView[];
  isSelf: boolean;
  firstField: RefObject<InputRef | null>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  const rules = useStaffRules();
  const update = useUpdateStaff();
  const roleOptions = useRoleOptions();

  const submit = (values: EditValues) => {
    const patch = changesTo(account, values, isSelf);
    if (Object.keys(patch).length === 0) {
      void toast.info(t('admin.noChanges'));
      onDone();
      return;
    }
    update.mutate(
      { username: account.username, patch: updateStaffSchema.parse(patch) },
      {
        onSuccess: () => {
          void toast.success(t('admin.saved', { name: account.displayName }));
          onDone();
        },
      },
    );
  };

  return (
    <Form<EditValues>
      layout="vertical"
      requiredMark={false}
      initialValues={{
        displayName: account.displayName,
        role: account.role,
        skills: account.skills,
        maxConcurrentChats: account.maxConcurrentChats,
        active: account.active,
      }}
      onFinish={submit}
      data-testid="edit-staff-form"
    >
      {update.isError && <SaveError error={update.error} />}
      <Form.Item
        name="displayName"
        label={t('admin.form.displayName')}
        extra={t('admin.form.displayNameHelp')}
        rules={[rules.displayName]}
      >
        <Input ref={firstField} autoFocus autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="role"
        label={t('admin.form.role')}
        extra={isSelf ? t('admin.form.selfRole') : undefined}
        rules={[rules.role]}
      >
        <Select options={roleOptions} disabled={isSelf} data-testid="edit-role" />
      </Form.Item>
      <RoutingFields staff={staff} />
      <Form.Item
        name="active"
        label={t('admin.form.active')}
        valuePropName="checked"
        extra={isSelf ? t('admin.form.selfActive') : t('admin.form.activeHelp')}
      >
        <Switch
          disabled={isSelf}
          checkedChildren={t('admin.status.active')}
          unCheckedChildren={t('admin.status.inactive')}
          data-testid="edit-active"
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('admin.form.newPassword')}
        extra={t('admin.form.newPasswordHelp')}
        rules={[rules.newPassword]}
      >
        <Input.Password
          autoComplete="new-password"
          placeholder={t('admin.form.newPasswordPlaceholder')}
        />
      </Form.Item>
      <FormButtons submit={t('admin.save')} saving={update.isPending} onCancel={onDone} />
    </Form>
  );
}

export function CreateStaffDrawer({
  open,
  staff,
  onClose,
}: {
  open: boolean;
  staff: readonly StaffView[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const firstField = useRef<InputRef>(null);
  return (
    <StaffDrawer
      open={open}
      title={t('admin.createTitle')}
      firstField={firstField}
      onClose={onClose}
    >
      <CreateStaffForm staff={staff} firstField={firstField} onDone={onClose} />
    </StaffDrawer>
  );
}

export function EditStaffDrawer({
  open,
  account,
  staff,
  currentUsername,
  onClose,
}: {
  open: boolean;
  /** The account being edited; it stays set while the drawer slides shut. */
  account: StaffView | undefined;
  staff: readonly StaffView[];
  currentUsername: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const firstField = useRef<InputRef>(null);
  return (
    <StaffDrawer
      open={open && account !== undefined}
      title={account ? t('admin.editTitle', { name: account.displayName }) : null}
      firstField={firstField}
      onClose={onClose}
    >
      {account && (
        <EditStaffForm
          key={account.username}
          account={account}
          staff={staff}
          isSelf={account.username === currentUsername}
          firstField={firstField}
          onDone={onClose}
        />
      )}
    </StaffDrawer>
  );
}
