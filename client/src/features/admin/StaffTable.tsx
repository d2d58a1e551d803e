import { EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Flex,
  Popconfirm,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffRole } from '../../../../shared/schemas/auth';
import type { StaffView } from '../../../../shared/schemas/staff';
import { useUpdateStaff } from './staff-api';
import { staffErrorText } from './staff-form';

const roleColors: Record<StaffRole, string> = {
  admin: 'volcano',
  supervisor: 'gold',
  trainer: 'purple',
  agent: 'blue',
};

export function RoleTag({ role }: { role: StaffRole }) {
  const { t } = useTranslation();
  return <Tag color={roleColors[role]}>{t(`roles.${role}`)}</Tag>;
}

/** Turns an account on at once; turning it off (which signs the person out) asks first. */
function ActiveSwitch({ staff, isSelf }: { staff: StaffView; isSelf: boolean }) {
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  const update = useUpdateStaff();
  const name = staff.displayName;

  const setActive = (active: boolean) =>
    update.mutate(
      { username: staff.username, patch: { active } },
      {
        onSuccess: () =>
          void toast.success(t(active ? 'admin.activated' : 'admin.deactivated', { name })),
        onError: (error) =>
          void toast.error(
            `${t('admin.errors.changeFailed', { name })} ${staffErrorText(t, error).sentence}`,
          ),
      },
    );

  const toggle = (onChange?: () => void) => (
    <Switch
      // While saving, show where it is going.
      checked={update.isPending ? update.variables.patch.active : staff.active}
      loading={update.isPending}
      disabled={isSelf}
      aria-label={t('admin.activeLabel', { name })}
      checkedChildren={t('admin.status.active')}
      unCheckedChildren={t('admin.status.inactive')}
      onChange={onChange}
      data-testid="staff-active"
    />
  );

  if (isSelf) return <Tooltip title={t('admin.form.selfActive')}>{toggle()}</Tooltip>;
  if (!staff.active) return toggle(() => setActive(true));
  return (
    <Popconfirm
      title={t('admin.deactivateConfirm', { name })}
      description={t('admin.deactivateDescription')}
      okText={t('admin.deactivate')}
      okButtonProps={{ danger: true }}
      cancelText={t('admin.cancel')}
      onConfirm={() => setActive(false)}
    >
      {toggle()}
    </Popconfirm>
  );
}

export function StaffTable({
  staff,
  loading,
  currentUsername,
  onEdit,
}: {
  staff: StaffView[];
  loading: boolean;
  currentUsername: string;
  onEdit: (staff: StaffView) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<StaffView> = [
    {
      title: t('admin.column.username'),
      dataIndex: 'username',
      render: (username: string) => (
        <Flex gap={8} align="center" wrap>
          <Typography.Text code>{username}</Typography.Text>
          {username === currentUsername && <Tag>{t('admin.you')}</Tag>}
        </Flex>
      ),
    },
    { title: t('admin.column.displayName'), dataIndex: 'displayName' },
    {
      title: t('admin.column.role'),
      dataIndex: 'role',
      render: (role: StaffRole) => <RoleTag role={role} />,
    },
    {
      title: t('admin.column.skills'),
      dataIndex: 'skills',
      render: (skills: string[]) =>
        skills.length ? (
          <Flex gap={4} wrap>
            {skills.map((skill) => (
              <Tag key={skill} style={{ marginInlineEnd: 0 }}>
                {skill}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('admin.noSkills')}</Typography.Text>
        ),
    },
    {
      title: t('admin.column.capacity'),
      dataIndex: 'maxConcurrentChats',
      align: 'right',
      width: 110,
    },
    {
      title: t('admin.column.status'),
      dataIndex: 'active',
      width: 120,
      render: (_active: boolean, row) => (
        <ActiveSwitch staff={row} isSelf={row.username === currentUsername} />
      ),
    },
    {
      title: t('admin.column.actions'),
      key: 'actions',
      width: 100,
      render: (_value, row) => (
        <Button
          type="link"
          icon={<EditOutlined />}
          aria-label={t('admin.editLabel', { name: row.displayName })}
          onClick={() => onEdit(row)}
          style={{ paddingInline: 0 }}
        >
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Table<StaffView>
      rowKey="username"
      columns={columns}
      dataSource={staff}
      loading={loading}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: loading ? ' ' : t('admin.empty') }}
      scroll={{ x: 'max-content' }}
      onRow={(row) => ({ style: row.active ? undefined : { opacity: 0.6 } })}
      data-testid="staff-table"
    />
  );
}
