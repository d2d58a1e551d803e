import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
  theme,
  type FormRule,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { objectionCategories } from '../../../../../shared/domain/objection-categories';
import { objectionLabels } from '../../../../../shared/domain/objection-labels';
import { personalities, personalityInfo } from '../../../../../shared/domain/personality';
import {
  BASE_VARIANT_ID,
  conversationStages,
  scenarioInfo,
  scriptScenarios,
  scriptTechniques,
  stageInfo,
  techniqueInfo,
  type ScriptLocale,
} from '../../../../../shared/domain/scripts';
import { MAX_SCRIPT_TEXT_LENGTH, MAX_SCRIPT_VARIANTS } from '../../../../../shared/schemas/script';
import { errorMessageKey } from '../../../app/api';
import { useAppLanguage } from '../../../app/useAppLanguage';
import {
  formValuesOf,
  previewSegments,
  sameDraft,
  templateErrorSentences,
  toDraftInput,
  type ScriptFormValues,
} from './script-form';
import {
  useScriptDiff,
  useScriptMutations,
  useScriptView,
  type FieldChange,
  type ScriptView,
} from './scripts-api';

const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The text as the shopper would read it, with the example values of the UI language. */
function Preview({ text }: { text: string | undefined }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const segments = previewSegments(text ?? '', language);
  return (
    <Card size="small" title={t('scriptEditor.preview.title')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('scriptEditor.preview.help')}
      </Typography.Paragraph>
      <div data-testid="script-preview" style={{ whiteSpace: 'pre-wrap' }}>
        {segments.map((segment, i) => {
          if (segment.kind === 'text') return <span key={i}>{segment.text}</span>;
          if (segment.kind === 'value') {
            return (
              <mark
                key={i}
                data-variable={segment.name}
                style={{ background: token.colorSuccessBg, padding: '0 2px' }}
              >
                {segment.text}
              </mark>
            );
          }
          return (
            <mark
              key={i}
              data-unknown="true"
              title={t(
                segment.kind === 'missing'
                  ? 'scriptEditor.preview.missing'
                  : 'scriptEditor.preview.unknown',
              )}
              style={{ background: token.colorErrorBg, color: token.colorError, padding: '0 2px' }}
            >
              {segment.text}
            </mark>
          );
        })}
      </div>
    </Card>
  );
}

function ScriptForm({ view, onDone }: { view: ScriptView; onDone: () => void }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { message: toast } = App.useApp();
  const [form] = Form.useForm<ScriptFormValues>();
  const [note, setNote] = useState('');
  const { saveDraft, discardDraft, publish } = useScriptMutations(view.locale, view.id);
  const base = view.draft ?? view.published;
  const text = Form.useWatch('text', form);
  const failed = [saveDraft, discardDraft, publish].find((m) => m.isError);
  const busy = saveDraft.isPending || discardDraft.isPending || publish.isPending;

  if (!base) return null;

  const templateRule: FormRule = {
    validator: async (_rule, value: unknown) => {
      const problems = templateErrorSentences(t, typeof value === 'string' ? value : '');
      if (problems.length > 0) throw new Error(problems.join(' '));
    },
  };
  const objectionRule: FormRule = ({ getFieldValue }) => ({
    validator: async (_rule, value: unknown) => {
      if (getFieldValue('stage') === 'handle_objection' && !value) {
        throw new Error(t('scriptEditor.form.objectionRequired'));
      }
    },
  });

  /** The form checked and as a PUT body; null (and the fields marked) when it is not valid. */
  const checked = async () => {
    try {
      const values = await form.validateFields();
      return toDraftInput(values, base);
    } catch {
      return null;
    }
  };

  const onSaveDraft = async () => {
    const input = await checked();
    if (!input) return;
    saveDraft.mutate(input, { onSuccess: () => void toast.success(t('scriptEditor.draftSaved')) });
  };

  const onPublish = async () => {
    const input = await checked();
    if (!input) return;
    const doPublish = () =>
      publish.mutate(note, {
        onSuccess: (result) => {
          void toast.success(t('scriptEditor.published', { version: result.version.version }));
          setNote('');
        },
      });
    // What is on screen is what gets published: unsaved changes are saved as the draft first.
    if (view.draft && sameDraft(input, view.draft)) doPublish();
    else saveDraft.mutate(input, { onSuccess: doPublish });
  };

  return (
    <Form<ScriptFormValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={formValuesOf(base)}
      data-testid="script-form"
    >
      {failed && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="script-form-error"
          title={t(errorMessageKey(failed.error))}
          style={{ marginBottom: 16 }}
        />
      )}
      <Typography.Paragraph type="secondary">
        {view.draft
          ? t('scriptEditor.status.draft', {
              by: view.draftUpdatedBy ?? '',
              at: when(view.draftUpdatedAt),
            })
          : view.publishedVersion
            ? t('scriptEditor.status.published', { version: view.publishedVersion })
            : t('scriptEditor.status.unpublished')}
      </Typography.Paragraph>
      <Form.Item
        name="title"
        label={t('scriptEditor.form.title')}
        rules={[
          { required: true, whitespace: true, message: t('scriptEditor.form.titleRequired') },
        ]}
      >
        <Input maxLength={80} autoComplete="off" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item
            name="text"
            label={t('scriptEditor.form.text')}
            extra={t('scriptEditor.form.textHelp', { example: '{{customer.name}}' })}
            rules={[
              { required: true, whitespace: true, message: t('scriptEditor.form.textRequired') },
              templateRule,
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 4, maxRows: 12 }}
              maxLength={MAX_SCRIPT_TEXT_LENGTH}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Preview text={text} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="scenario" label={t('scriptEditor.form.scenario')}>
            <Select
              options={scriptScenarios.map((s) => ({
                value: s,
                label: scenarioInfo[s].label[language],
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="stage" label={t('scriptEditor.form.stage')}>
            <Select
              options={conversationStages.map((s) => ({
                value: s,
                label: stageInfo[s].label[language],
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="objection"
            label={t('scriptEditor.form.objection')}
            dependencies={['stage']}
            rules={[objectionRule]}
          >
            <Select
              allowClear
              placeholder={t('scriptEditor.form.objectionNone')}
              options={objectionCategories.map((o) => ({
                value: o,
                label: objectionLabels[o][language],
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="technique" label={t('scriptEditor.form.technique')}>
            <Select
              options={scriptTechniques.map((s) => ({
                value: s,
                label: techniqueInfo[s].label[language],
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="personalities" label={t('scriptEditor.form.personalities')}>
        <Select
          mode="multiple"
          placeholder={t('scriptEditor.form.personalitiesPlaceholder')}
          options={personalities.map((p) => ({
            value: p,
            label: personalityInfo[p].label[language],
          }))}
        />
      </Form.Item>
      <Typography.Text strong>{t('scriptEditor.form.variants')}</Typography.Text>
      <Typography.Paragraph type="secondary">
        {t('scriptEditor.form.variantsHelp')}
      </Typography.Paragraph>
      <Form.List name="variants">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Card size="small" key={field.key} style={{ marginBottom: 8 }}>
                <Flex gap={8} align="start">
                  <Form.Item
                    name={[field.name, 'id']}
                    label={t('scriptEditor.form.variantId')}
                    rules={[
                      {
                        validator: async (_rule, value: unknown) => {
                          if (
                            typeof value !== 'string' ||
                            !slug.test(value.trim()) ||
                            value.trim() === BASE_VARIANT_ID
                          ) {
                            throw new Error(t('scriptEditor.form.variantIdInvalid'));
                          }
                        },
                      },
                    ]}
                  >
                    <Input autoComplete="off" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'weight']}
                    label={t('scriptEditor.form.variantWeight')}
                    rules={[{ required: true, message: t('scriptEditor.form.weightRequired') }]}
                  >
                    <InputNumber min={0.01} max={100} step={0.5} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('scriptEditor.form.removeVariant')}
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                  />
                </Flex>
                <Form.Item
                  name={[field.name, 'text']}
                  label={t('scriptEditor.form.variantText')}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('scriptEditor.form.textRequired'),
                    },
                    templateRule,
                  ]}
                  style={{ marginBottom: 0 }}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 8 }}
                    maxLength={MAX_SCRIPT_TEXT_LENGTH}
                  />
                </Form.Item>
              </Card>
            ))}
            {fields.length < MAX_SCRIPT_VARIANTS && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ id: '', text: '', weight: 1 })}
                style={{ marginBottom: 16 }}
              >
                {t('scriptEditor.form.addVariant')}
              </Button>
            )}
          </>
        )}
      </Form.List>
      <Form.Item label={t('scriptEditor.note')} htmlFor="script-note">
        <Input
          id="script-note"
          value={note}
          maxLength={200}
          onChange={(event) => setNote(event.target.value)}
          autoComplete="off"
        />
      </Form.Item>
      <Flex gap={8} justify="end" wrap>
        {view.draft && (
          <Popconfirm
            title={t('scriptEditor.discardConfirm')}
            okText={t('scriptEditor.discardDraft')}
            okButtonProps={{ danger: true }}
            cancelText={t('scriptEditor.cancel')}
            onConfirm={() =>
              discardDraft.mutate(undefined, {
                onSuccess: () => void toast.success(t('scriptEditor.draftDiscarded')),
              })
            }
          >
            <Button danger disabled={busy} loading={discardDraft.isPending}>
              {t('scriptEditor.discardDraft')}
            </Button>
          </Popconfirm>
        )}
        <Button onClick={onDone}>{t('scriptEditor.cancel')}</Button>
        <Button onClick={() => void onSaveDraft()} loading={saveDraft.isPending} disabled={busy}>
          {t('scriptEditor.saveDraft')}
        </Button>
        <Button
          type="primary"
          onClick={() => void onPublish()}
          loading={publish.isPending}
          disabled={busy}
        >
          {t('scriptEditor.publish')}
        </Button>
      </Flex>
    </Form>
  );
}

/** `t` as a plain function: the typed one's key checks get too deep for TypeScript here. */
type PlainT = (key: string, options?: Record<string, string | undefined>) => string;

function fieldName(t: PlainT, field: string): string {
  const variant = /^variants\.([^.]+)(?:\.(text|weight))?$/.exec(field);
  if (variant) {
    const [, id, part] = variant;
    if (part === 'text') return t('scriptEditor.fields.variantText', { id });
    if (part === 'weight') return t('scriptEditor.fields.variantWeight', { id });
    return t('scriptEditor.fields.variant', { id });
  }
  const known = [
    'title',
    'text',
    'scenario',
    'stage',
    'objection',
    'technique',
    'personalities',
    'tags',
  ] as const;
  const found = known.find((k) => k === field);
  return found ? t(`scriptEditor.fields.${found}`) : field;
}

const show = (value: unknown) =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'string' || typeof value === 'number'
      ? String(value)
      : JSON.stringify(value);

function Change({ change }: { change: FieldChange }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div data-testid="diff-change" data-field={change.field} style={{ marginBottom: 12 }}>
      <Typography.Text strong>{fieldName(t as unknown as PlainT, change.field)}</Typography.Text>
      {change.lines ? (
        <pre style={{ margin: '4px 0', whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
          {change.lines.map((line, i) => (
            <div
              key={i}
              data-op={line.op}
              style={{
                background:
                  line.op === 'added'
                    ? token.colorSuccessBg
                    : line.op === 'removed'
                      ? token.colorErrorBg
                      : undefined,
                textDecoration: line.op === 'removed' ? 'line-through' : undefined,
              }}
            >
              {line.op === 'added' ? '+ ' : line.op === 'removed' ? '- ' : '  '}
              {line.text}
            </div>
          ))}
        </pre>
      ) : (
        <div>
          <Typography.Text delete type="danger">
            {show(change.before)}
          </Typography.Text>{' '}
          → <Typography.Text type="success">{show(change.after)}</Typography.Text>
        </div>
      )}
    </div>
  );
}

function DiffPanel({ view, from }: { view: ScriptView; from: number }) {
  const { t } = useTranslation();
  const to = view.draft ? 'draft' : 'latest';
  const diff = useScriptDiff(view.locale, view.id, from, to, view.latestVersion);
  const toName = view.draft
    ? t('scriptEditor.versions.draftName')
    : t('scriptEditor.versions.version', { version: view.latestVersion });
  return (
    <Card size="small" data-testid="script-diff" style={{ marginTop: 12 }}>
      <Typography.Text strong>
        {t('scriptEditor.versions.diffTitle', { from, to: toName })}
      </Typography.Text>
      <Divider style={{ margin: '8px 0' }} />
      {diff.isPending ? (
        <Spin size="small" />
      ) : diff.isError ? (
        <Alert
          type="error"
          showIcon
          title={`${t('scriptEditor.versions.loadError')} ${t(errorMessageKey(diff.error))}`}
        />
      ) : diff.data.changes.length === 0 ? (
        <Typography.Text type="secondary">{t('scriptEditor.versions.noChanges')}</Typography.Text>
      ) : (
        diff.data.changes.map((change) => <Change key={change.field} change={change} />)
      )}
    </Card>
  );
}

function Versions({ view }: { view: ScriptView }) {
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  const { rollback } = useScriptMutations(view.locale, view.id);
  const [compare, setCompare] = useState<number | null>(null);
  const versions = [...view.versions].sort((a, b) => b.version - a.version);
  return (
    <div data-testid="script-versions">
      <Typography.Title level={5}>{t('scriptEditor.versions.title')}</Typography.Title>
      {rollback.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t(errorMessageKey(rollback.error))}
          style={{ marginBottom: 8 }}
        />
      )}
      {versions.length === 0 ? (
        <Typography.Text type="secondary">{t('scriptEditor.versions.empty')}</Typography.Text>
      ) : (
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {versions.map((v) => (
            <li
              key={v.version}
              data-testid={`version-${v.version}`}
              style={{ padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}
            >
              <Flex justify="space-between" align="flex-start" gap={8}>
                <Space orientation="vertical" size={0}>
                  <Space size={4}>
                    <Typography.Text strong>
                      {t('scriptEditor.versions.version', { version: v.version })}
                    </Typography.Text>
                    {v.version === view.publishedVersion && (
                      <Tag color="green">{t('scriptEditor.versions.current')}</Tag>
                    )}
                  </Space>
                  <Typography.Text type="secondary">
                    {t('scriptEditor.versions.by', { by: v.publishedBy, at: when(v.publishedAt) })}
                  </Typography.Text>
                  {v.note && <Typography.Text>{v.note}</Typography.Text>}
                  {v.rolledBackFrom !== null && (
                    <Typography.Text type="secondary">
                      {t('scriptEditor.versions.rolledBackFrom', { version: v.rolledBackFrom })}
                    </Typography.Text>
                  )}
                </Space>
                <Space size={4}>
                  <Button key="compare" size="small" onClick={() => setCompare(v.version)}>
                    {t('scriptEditor.versions.compare')}
                  </Button>
                  <Popconfirm
                    key="rollback"
                    title={t('scriptEditor.versions.rollbackConfirm', { version: v.version })}
                    okText={t('scriptEditor.confirm')}
                    cancelText={t('scriptEditor.cancel')}
                    onConfirm={() =>
                      rollback.mutate(v.version, {
                        onSuccess: (result) =>
                          void toast.success(
                            t('scriptEditor.rolledBack', { version: result.version.version }),
                          ),
                      })
                    }
                  >
                    <Button
                      size="small"
                      danger
                      disabled={v.version === view.publishedVersion}
                      loading={rollback.isPending && rollback.variables === v.version}
                    >
                      {t('scriptEditor.versions.rollback')}
                    </Button>
                  </Popconfirm>
                </Space>
              </Flex>
            </li>
          ))}
        </ol>
      )}
      {compare !== null && <DiffPanel key={`${compare}`} view={view} from={compare} />}
    </div>
  );
}

/** A wide side panel: the script's form with its live preview, then its versions. */
export function ScriptDrawer({
  locale,
  id,
  open,
  onDraftChange,
  onClose,
}: {
  locale: ScriptLocale;
  id: string;
  open: boolean;
  onDraftChange: (hasDraft: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const view = useScriptView(locale, id);
  const data = view.data;
  const title = data ? ((data.draft ?? data.published)?.title ?? id) : id;
  const hasDraft = data ? data.draft !== null : null;
  useEffect(() => {
    if (hasDraft !== null) onDraftChange(hasDraft);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- report changes of the flag only
  }, [hasDraft]);
  return (
    <Drawer
      open={open}
      title={t('scriptEditor.drawerTitle', { title })}
      onClose={onClose}
      size={960}
      destroyOnHidden
    >
      {view.isPending ? (
        <Flex justify="center">
          <Spin />
        </Flex>
      ) : view.isError ? (
        <Alert
          type="error"
          showIcon
          title={`${t('scriptEditor.viewLoadError')} ${t(errorMessageKey(view.error))}`}
          action={<Button onClick={() => void view.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <>
          <ScriptForm
            // A new draft, a discard or a new version starts the form again from the server's copy.
            key={`${view.data.draftUpdatedAt ?? 'none'}-${view.data.latestVersion}`}
            view={view.data}
            onDone={onClose}
          />
          <Divider />
          <Versions view={view.data} />
        </>
      )}
    </Drawer>
  );
}
