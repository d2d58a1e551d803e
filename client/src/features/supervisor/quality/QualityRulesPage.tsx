import { ArrowLeftOutlined, ExperimentOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  InputNumber,
  Row,
  Select,
  Spin,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useTranslation } from 'react-i18next';
import { enDuration, zhDuration } from '../../../../../shared/domain/quality-checks';
import { ErrorCode } from '../../../../../shared/errors';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import {
  qualityRuleIds,
  qualityRuleLimits,
  qualitySeverities,
  riskyPhraseListIds,
  type LocalePhrases,
  type QualityDryRunResult,
  type QualityRuleId,
  type QualityRules,
  type QualitySeverity,
} from '../../../../../shared/schemas/quality-rules';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { ButtonLink } from '../../../components/ButtonLink';
import { ErrorResult } from '../../../components/ErrorResult';
import { StaffPageLayout } from '../../../components/StaffPageLayout';
import { PhraseTagEditor } from './PhraseTagEditor';
import { useQualityDryRun, useQualityRules, useSaveQualityRules } from './quality-api';

type TimedRuleId = 'slow_first_response' | 'slow_reply' | 'long_silence';
const timedRules: readonly TimedRuleId[] = ['slow_first_response', 'slow_reply', 'long_silence'];
const localeKeys = [
  ['zh-CN', 'zhCN'],
  ['en', 'en'],
] as const;
const dryRunDays = [7, 14, 30] as const;

const copy = (rules: QualityRules): QualityRules =>
  JSON.parse(JSON.stringify(rules)) as QualityRules;

/**
 * The quality rules (质检规则) for supervisors: each rule on or off, its severity, its limit or
 * its phrase lists per chat language; a dry run on recent conversations shows what the edited
 * rules would flag before they are saved.
 */
export function QualityRulesPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { message } = App.useApp();
  const query = useQualityRules();
  const save = useSaveQualityRules();
  const dryRun = useQualityDryRun();
  const [days, setDays] = useState<number>(7);
  // The edit in progress; null: the rules as loaded.
  const [draft, setDraft] = useState<{ version: number; rules: QualityRules } | null>(null);
  const loaded = query.data;
  const editing = draft ?? (loaded ? { version: loaded.version, rules: loaded.rules } : null);
  const dirty =
    draft !== null &&
    loaded !== undefined &&
    JSON.stringify(draft.rules) !== JSON.stringify(loaded.rules);

  const change = (edit: (rules: QualityRules) => void) => {
    if (!editing) return;
    const next = copy(editing.rules);
    edit(next);
    setDraft({ version: editing.version, rules: next });
  };

  const onSave = () => {
    if (!editing) return;
    save.mutate(editing, {
      onSuccess: (state) => {
        setDraft(null);
        void message.success(t('quality.saved', { version: state.version }));
      },
    });
  };
  const reload = async () => {
    save.reset();
    await query.refetch();
    setDraft(null);
  };

  if (query.isError && !loaded) {
    return (
      <StaffPageLayout title={t('quality.title')} user={user}>
        <Card>
          <ErrorResult
            title={t('quality.loadError')}
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        </Card>
      </StaffPageLayout>
    );
  }

  const duration = (seconds: number) =>
    language === 'zh-CN' ? zhDuration(seconds) : enDuration(seconds);
  const saveError = save.error;

  return (
    <StaffPageLayout title={t('quality.title')} user={user}>
      <Flex vertical gap={16}>
        <Card>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <ButtonLink to="/supervisor" type="text" icon={<ArrowLeftOutlined />}>
              {t('quality.backToDashboard')}
            </ButtonLink>
            <Flex gap={8} align="center" wrap>
              {loaded && (
                <Tooltip title={t('quality.versionTooltip')}>
                  <Typography.Text type="secondary" tabIndex={0} data-testid="quality-version">
                    {t('quality.version', {
                      version: loaded.version,
                      by:
                        loaded.updatedBy === 'system' ? t('quality.systemUser') : loaded.updatedBy,
                      at: new Date(loaded.updatedAt).toLocaleString(language),
                    })}
                  </Typography.Text>
                </Tooltip>
              )}
              {dirty && <Tag color="orange">{t('quality.unsaved')}</Tag>}
              <Button onClick={() => setDraft(null)} disabled={!dirty || save.isPending}>
                {t('quality.reset')}
              </Button>
              <Button
                type="primary"
                onClick={onSave}
                loading={save.isPending}
                disabled={!dirty || !editing}
              >
                {t('quality.save')}
              </Button>
            </Flex>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('quality.intro')}
          </Typography.Paragraph>
          {saveError && (
            <ApiErrorAlert
              error={saveError}
              title={t('quality.saveError')}
              conflict={{
                code: ErrorCode.QualityConflict,
                label: t('quality.reload'),
                onReload: () => void reload(),
              }}
              style={{ marginTop: 12 }}
            />
          )}
        </Card>

        {!editing ? (
          <Card>
            <Flex justify="center">
              <Spin />
            </Flex>
          </Card>
        ) : (
          <>
            {timedRules.map((id) => (
              <RuleCard key={id} id={id} rules={editing.rules} change={change}>
                <Flex align="center" gap={8} wrap>
                  <label htmlFor={`quality-threshold-${id}`}>{t('quality.threshold')}</label>
                  <InputNumber
                    id={`quality-threshold-${id}`}
                    min={qualityRuleLimits.thresholdMinSeconds}
                    max={qualityRuleLimits.thresholdMaxSeconds}
                    precision={0}
                    value={editing.rules[id].thresholdSeconds}
                    suffix={t('quality.seconds')}
                    style={{ width: 160 }}
                    onChange={(value) => {
                      if (typeof value === 'number') {
                        change((r) => {
                          r[id].thresholdSeconds = value;
                        });
                      }
                    }}
                  />
                  <Typography.Text type="secondary">
                    {t('quality.thresholdHint', {
                      duration: duration(editing.rules[id].thresholdSeconds),
                    })}
                  </Typography.Text>
                </Flex>
              </RuleCard>
            ))}

            <RuleCard id="risky_phrase" rules={editing.rules} change={change}>
              <Flex vertical gap={12}>
                {riskyPhraseListIds.map((list) => (
                  <Card
                    key={list}
                    type="inner"
                    size="small"
                    title={t(`quality.lists.${list}.name`)}
                  >
                    <Typography.Paragraph type="secondary">
                      {t(`quality.lists.${list}.description`)}
                    </Typography.Paragraph>
                    <PhraseLists
                      listName={t(`quality.lists.${list}.name`)}
                      phrases={editing.rules.risky_phrase.lists[list].phrases}
                      except={editing.rules.risky_phrase.lists[list].except}
                      onChange={(kind, locale, next) =>
                        change((r) => {
                          r.risky_phrase.lists[list][kind][locale] = next;
                        })
                      }
                    />
                  </Card>
                ))}
              </Flex>
            </RuleCard>

            <RuleCard id="shopper_frustration" rules={editing.rules} change={change}>
              <PhraseLists
                listName={t('quality.rules.shopper_frustration.name')}
                phrases={editing.rules.shopper_frustration.phrases}
                except={editing.rules.shopper_frustration.except}
                onChange={(kind, locale, next) =>
                  change((r) => {
                    r.shopper_frustration[kind][locale] = next;
                  })
                }
              />
              <Flex align="center" gap={8} wrap style={{ marginTop: 16 }}>
                <Switch
                  checked={editing.rules.shopper_frustration.repeatedPunctuation.enabled}
                  aria-label={t('quality.repeatedPunctuation')}
                  onChange={(checked) =>
                    change((r) => {
                      r.shopper_frustration.repeatedPunctuation.enabled = checked;
                    })
                  }
                />
                <Typography.Text>{t('quality.repeatedPunctuation')}</Typography.Text>
                <label htmlFor="quality-min-run">{t('quality.minRun')}</label>
                <InputNumber
                  id="quality-min-run"
                  min={qualityRuleLimits.minRunMin}
                  max={qualityRuleLimits.minRunMax}
                  precision={0}
                  value={editing.rules.shopper_frustration.repeatedPunctuation.minRun}
                  suffix={t('quality.marks')}
                  disabled={!editing.rules.shopper_frustration.repeatedPunctuation.enabled}
                  style={{ width: 120 }}
                  onChange={(value) => {
                    if (typeof value === 'number') {
                      change((r) => {
                        r.shopper_frustration.repeatedPunctuation.minRun = value;
                      });
                    }
                  }}
                />
              </Flex>
            </RuleCard>

            <RuleCard id="unanswered_objection" rules={editing.rules} change={change} />

            <Card
              title={
                <span>
                  <ExperimentOutlined /> {t('quality.dryRun.title')}
                </span>
              }
            >
              <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
                <Select
                  aria-label={t('quality.dryRun.days')}
                  value={days}
                  onChange={setDays}
                  style={{ width: 160 }}
                  options={dryRunDays.map((d) => ({
                    value: d,
                    label: t('quality.dryRun.daysOption', { days: d }),
                  }))}
                />
                <Button
                  onClick={() => dryRun.mutate({ rules: editing.rules, days })}
                  loading={dryRun.isPending}
                >
                  {t('quality.dryRun.button')}
                </Button>
              </Flex>
              {dryRun.isPending && (
                <Flex align="center" gap={8} role="status" data-testid="dry-run-progress">
                  <Spin size="small" />
                  <Typography.Text>{t('quality.dryRun.running')}</Typography.Text>
                </Flex>
              )}
              {dryRun.isError && !dryRun.isPending && (
                <ApiErrorAlert error={dryRun.error} title={t('quality.dryRun.error')} />
              )}
              {dryRun.data && !dryRun.isPending && <DryRunTable result={dryRun.data} />}
            </Card>
          </>
        )}
      </Flex>
    </StaffPageLayout>
  );
}

function RuleCard({
  id,
  rules,
  change,
  children,
}: {
  id: QualityRuleId;
  rules: QualityRules;
  change: (edit: (rules: QualityRules) => void) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const rule = rules[id];
  const name = t(`quality.rules.${id}.name`);
  return (
    <Card
      data-testid={`quality-rule-${id}`}
      title={
        <Flex align="center" gap={8}>
          <Switch
            checked={rule.enabled}
            aria-label={t('quality.enabledLabel', { rule: name })}
            onChange={(checked) =>
              change((r) => {
                r[id].enabled = checked;
              })
            }
          />
          <span>{name}</span>
        </Flex>
      }
      extra={
        <Flex align="center" gap={8}>
          <Tooltip title={t('quality.severityTooltip')}>
            <Typography.Text type="secondary">
              {t('quality.severity')} <QuestionCircleOutlined />
            </Typography.Text>
          </Tooltip>
          <Select<QualitySeverity>
            aria-label={`${name}: ${t('quality.severity')}`}
            value={rule.severity}
            style={{ width: 110 }}
            onChange={(severity) =>
              change((r) => {
                r[id].severity = severity;
              })
            }
            options={qualitySeverities.map((s) => ({
              value: s,
              label: t(`quality.severities.${s}`),
            }))}
          />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" style={children ? undefined : { margin: 0 }}>
        {t(`quality.rules.${id}.description`)}
      </Typography.Paragraph>
      {children}
    </Card>
  );
}

function PhraseLists({
  listName,
  phrases,
  except,
  onChange,
}: {
  listName: string;
  phrases: LocalePhrases;
  except: LocalePhrases;
  onChange: (kind: 'phrases' | 'except', locale: keyof LocalePhrases, next: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Row gutter={[24, 16]}>
      {localeKeys.map(([locale, key]) => {
        const localeName = t(`quality.locales.${key}`);
        return (
          <Col key={locale} xs={24} lg={12}>
            <Typography.Title level={5}>{localeName}</Typography.Title>
            <Typography.Text strong>{t('quality.phrases')}</Typography.Text>
            <PhraseTagEditor
              label={t('quality.phrasesLabel', {
                list: `${listName} · ${t('quality.phrases')}`,
                locale: localeName,
              })}
              phrases={phrases[locale]}
              onChange={(next) => onChange('phrases', locale, next)}
            />
            <div style={{ marginTop: 12 }}>
              <Tooltip title={t('quality.exceptHelp')}>
                <Typography.Text strong tabIndex={0}>
                  {t('quality.except')} <QuestionCircleOutlined />
                </Typography.Text>
              </Tooltip>
              <PhraseTagEditor
                label={t('quality.phrasesLabel', {
                  list: `${listName} · ${t('quality.except')}`,
                  locale: localeName,
                })}
                phrases={except[locale]}
                onChange={(next) => onChange('except', locale, next)}
              />
            </div>
          </Col>
        );
      })}
    </Row>
  );
}

function DryRunTable({ result }: { result: QualityDryRunResult }) {
  const { t } = useTranslation();
  const heading = (label: string, tooltip: string) => (
    <Tooltip title={tooltip}>
      <span tabIndex={0}>
        {label} <QuestionCircleOutlined />
      </span>
    </Tooltip>
  );
  const ruleOrder = new Map(qualityRuleIds.map((id, i) => [id, i]));
  return (
    <>
      <Typography.Paragraph data-testid="dry-run-summary">
        {t('quality.dryRun.summary', { count: result.conversations, days: result.days })}
        {result.truncated && ` ${t('quality.dryRun.truncated')}`}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="rule"
        dataSource={[...result.rules].sort(
          (a, b) => ruleOrder.get(a.rule)! - ruleOrder.get(b.rule)!,
        )}
        columns={[
          {
            key: 'rule',
            title: t('quality.dryRun.rule'),
            render: (_, row) => t(`quality.rules.${row.rule}.name`),
          },
          {
            key: 'conversations',
            dataIndex: 'conversations',
            align: 'right',
            title: heading(
              t('quality.dryRun.conversations'),
              t('quality.dryRun.conversationsTooltip'),
            ),
          },
          {
            key: 'flags',
            dataIndex: 'flags',
            align: 'right',
            title: heading(t('quality.dryRun.flags'), t('quality.dryRun.flagsTooltip')),
          },
          {
            key: 'current',
            dataIndex: 'currentConversations',
            align: 'right',
            title: heading(t('quality.dryRun.current'), t('quality.dryRun.currentTooltip')),
          },
        ]}
      />
    </>
  );
}
