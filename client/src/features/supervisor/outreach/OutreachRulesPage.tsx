import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Input,
  InputNumber,
  Select,
  Spin,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { eightClassInfo, eightClasses } from '../../../../../shared/domain/rfm-eight-classes';
import { ErrorCode } from '../../../../../shared/errors';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import { outreachRulesSchema, type OutreachRules } from '../../../../../shared/schemas/outreach';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { ButtonLink } from '../../../components/ButtonLink';
import { ErrorResult } from '../../../components/ErrorResult';
import { StaffPageLayout } from '../../../components/StaffPageLayout';
import { HintLabel } from '../dashboard/KpiCards';
import { OutreachDryRun } from './OutreachDryRun';
import { useOutreachRules, useSaveOutreachRules } from './outreach-rules-api';

type RuleKey = 'paymentReminder' | 'followUp' | 'memberCare' | 'winBack';
type Unit = 'minutes' | 'days' | 'yuan' | 'hours' | 'times';
type FieldKey =
  | 'delayMinutes'
  | 'daysAfterDelivery'
  | 'reviewInviteAfterDays'
  | 'withinAmount'
  | 'silentDays'
  | 'segments'
  | 'quiet_start'
  | 'quiet_end'
  | 'timeZone'
  | 'weeklyCap'
  | 'attributionHours';

const shape = outreachRulesSchema.shape;
/** The bounds the server checks, read from the same schema. */
const bounds = (schema: z.ZodNumber) => ({
  min: schema.minValue ?? undefined,
  max: schema.maxValue ?? undefined,
});
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const copy = (rules: OutreachRules): OutreachRules =>
  JSON.parse(JSON.stringify(rules)) as OutreachRules;

/** A number with its unit, its label and a tooltip saying what it means. */
function NumberField({
  id,
  label,
  hint,
  value,
  unit,
  limits,
  precision = 0,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: number;
  unit: Unit;
  limits: { min?: number; max?: number };
  precision?: number;
  disabled?: boolean;
  onChange: (value: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={8} wrap>
      <label htmlFor={id}>
        <HintLabel label={label} hint={hint} />
      </label>
      <InputNumber
        id={id}
        min={limits.min}
        max={limits.max}
        precision={precision}
        value={value}
        suffix={t(`outreach.rules.units.${unit}`)}
        disabled={disabled}
        style={{ width: 170 }}
        onChange={(next) => {
          if (typeof next === 'number') onChange(next);
        }}
      />
    </Flex>
  );
}

function RuleCard({
  rule,
  rules,
  change,
  children,
}: {
  rule: RuleKey;
  rules: OutreachRules;
  change: (edit: (rules: OutreachRules) => void) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const name = t(`outreach.rules.cards.${rule}.name`);
  return (
    <Card
      data-testid={`outreach-rule-${rule}`}
      title={
        <Flex align="center" gap={8}>
          <Switch
            checked={rules[rule].enabled}
            aria-label={t('outreach.rules.enabledLabel', { rule: name })}
            onChange={(checked) =>
              change((r) => {
                r[rule].enabled = checked;
              })
            }
          />
          <span>{name}</span>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        {t(`outreach.rules.cards.${rule}.description`)}
      </Typography.Paragraph>
      <Flex gap={24} wrap>
        {children}
      </Flex>
    </Card>
  );
}

/**
 * The outreach rules (主动营销规则) for supervisors: each rule on or off with its figures, the
 * win-back segments, quiet hours, the weekly cap and the attribution window; a dry run shows how
 * many customers and tasks the edited rules would reach before they are saved.
 */
export function OutreachRulesPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { message } = App.useApp();
  const query = useOutreachRules();
  const save = useSaveOutreachRules();
  // The edit in progress; null: the rules as loaded.
  const [draft, setDraft] = useState<{ version: number; rules: OutreachRules } | null>(null);
  const loaded = query.data;
  const editing = draft ?? (loaded ? { version: loaded.version, rules: loaded.rules } : null);
  const dirty =
    draft !== null &&
    loaded !== undefined &&
    JSON.stringify(draft.rules) !== JSON.stringify(loaded.rules);
  const valid = editing ? outreachRulesSchema.safeParse(editing.rules).success : false;

  const change = (edit: (rules: OutreachRules) => void) => {
    if (!editing) return;
    const next = copy(editing.rules);
    edit(next);
    setDraft({ version: editing.version, rules: next });
  };
  const onSave = () => {
    if (!editing || !valid) return;
    save.mutate(editing, {
      onSuccess: (state) => {
        setDraft(null);
        void message.success(t('outreach.rules.saved', { version: state.version }));
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
      <StaffPageLayout title={t('outreach.rules.title')} user={user}>
        <Card>
          <ErrorResult
            title={t('outreach.rules.loadError')}
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        </Card>
      </StaffPageLayout>
    );
  }

  const saveError = save.error;
  const field = (key: FieldKey) => ({
    label: t(`outreach.rules.fields.${key}.label`),
    hint: t(`outreach.rules.fields.${key}.hint`),
  });

  return (
    <StaffPageLayout title={t('outreach.rules.title')} user={user}>
      <Flex vertical gap={16}>
        <Card>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <ButtonLink to="/supervisor" type="text" icon={<ArrowLeftOutlined />}>
              {t('outreach.rules.backToDashboard')}
            </ButtonLink>
            <Flex gap={8} align="center" wrap>
              {loaded && (
                <Tooltip title={t('outreach.rules.versionTooltip')}>
                  <Typography.Text type="secondary" tabIndex={0} data-testid="outreach-version">
                    {t('outreach.rules.version', {
                      version: loaded.version,
                      by:
                        loaded.updatedBy === 'system'
                          ? t('outreach.rules.systemUser')
                          : loaded.updatedBy,
                      at: new Date(loaded.updatedAt).toLocaleString(language),
                    })}
                  </Typography.Text>
                </Tooltip>
              )}
              {dirty && <Tag color="orange">{t('outreach.rules.unsaved')}</Tag>}
              <Button onClick={() => setDraft(null)} disabled={!dirty || save.isPending}>
                {t('outreach.rules.reset')}
              </Button>
              <Button
                type="primary"
                onClick={onSave}
                loading={save.isPending}
                disabled={!dirty || !valid}
              >
                {t('outreach.rules.save')}
              </Button>
            </Flex>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('outreach.rules.intro')}
          </Typography.Paragraph>
          {editing && !valid && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={t('outreach.rules.invalid')}
            />
          )}
          {saveError && (
            <ApiErrorAlert
              error={saveError}
              title={t('outreach.rules.saveError')}
              conflict={{
                code: ErrorCode.OutreachConflict,
                label: t('outreach.rules.reload'),
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
          <RulesForm rules={editing.rules} change={change} field={field} valid={valid} />
        )}
      </Flex>
    </StaffPageLayout>
  );
}

function RulesForm({
  rules,
  change,
  field,
  valid,
}: {
  rules: OutreachRules;
  change: (edit: (rules: OutreachRules) => void) => void;
  field: (key: FieldKey) => { label: string; hint: string };
  valid: boolean;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const segmentsEmpty = rules.winBack.segments.length === 0;
  const timeInput = (which: 'start' | 'end') => {
    const value = rules.quietHours[which];
    const bad = !HHMM.test(value);
    const id = `outreach-quiet-${which}`;
    return (
      <Flex align="center" gap={8} wrap>
        <label htmlFor={id}>
          <HintLabel label={field(`quiet_${which}`).label} hint={field(`quiet_${which}`).hint} />
        </label>
        <Input
          id={id}
          value={value}
          maxLength={5}
          placeholder="21:00"
          status={bad ? 'error' : undefined}
          aria-invalid={bad}
          style={{ width: 90 }}
          onChange={(e) =>
            change((r) => {
              r.quietHours[which] = e.target.value.trim();
            })
          }
        />
        {bad && (
          <Typography.Text type="danger" role="alert">
            {t('outreach.rules.badTime')}
          </Typography.Text>
        )}
      </Flex>
    );
  };

  return (
    <>
      <RuleCard rule="paymentReminder" rules={rules} change={change}>
        <NumberField
          id="outreach-delay-minutes"
          {...field('delayMinutes')}
          value={rules.paymentReminder.delayMinutes}
          unit="minutes"
          limits={bounds(shape.paymentReminder.shape.delayMinutes)}
          disabled={!rules.paymentReminder.enabled}
          onChange={(v) =>
            change((r) => {
              r.paymentReminder.delayMinutes = v;
            })
          }
        />
      </RuleCard>

      <RuleCard rule="followUp" rules={rules} change={change}>
        <NumberField
          id="outreach-days-after-delivery"
          {...field('daysAfterDelivery')}
          value={rules.followUp.daysAfterDelivery}
          unit="days"
          limits={bounds(shape.followUp.shape.daysAfterDelivery)}
          disabled={!rules.followUp.enabled}
          onChange={(v) =>
            change((r) => {
              r.followUp.daysAfterDelivery = v;
            })
          }
        />
        <NumberField
          id="outreach-review-invite-days"
          {...field('reviewInviteAfterDays')}
          value={rules.followUp.reviewInviteAfterDays}
          unit="days"
          limits={bounds(shape.followUp.shape.reviewInviteAfterDays)}
          disabled={!rules.followUp.enabled}
          onChange={(v) =>
            change((r) => {
              r.followUp.reviewInviteAfterDays = v;
            })
          }
        />
      </RuleCard>

      <RuleCard rule="memberCare" rules={rules} change={change}>
        <NumberField
          id="outreach-within-amount"
          {...field('withinAmount')}
          value={rules.memberCare.withinAmount}
          unit="yuan"
          precision={2}
          limits={bounds(shape.memberCare.shape.withinAmount)}
          disabled={!rules.memberCare.enabled}
          onChange={(v) =>
            change((r) => {
              r.memberCare.withinAmount = v;
            })
          }
        />
      </RuleCard>

      <RuleCard rule="winBack" rules={rules} change={change}>
        <NumberField
          id="outreach-silent-days"
          {...field('silentDays')}
          value={rules.winBack.silentDays}
          unit="days"
          limits={bounds(shape.winBack.shape.silentDays)}
          disabled={!rules.winBack.enabled}
          onChange={(v) =>
            change((r) => {
              r.winBack.silentDays = v;
            })
          }
        />
        <Flex align="center" gap={8} wrap style={{ flex: '1 1 360px' }}>
          <HintLabel label={field('segments').label} hint={field('segments').hint} />
          <Select<string[]>
            mode="multiple"
            aria-label={field('segments').label}
            value={rules.winBack.segments}
            status={segmentsEmpty ? 'error' : undefined}
            disabled={!rules.winBack.enabled}
            style={{ minWidth: 320, flex: 1 }}
            optionFilterProp="label"
            options={eightClasses.map((c) => ({
              value: c,
              label: eightClassInfo[c].label[language],
              title: eightClassInfo[c].explanation[language],
            }))}
            onChange={(segments) =>
              change((r) => {
                r.winBack.segments = segments;
              })
            }
          />
          {segmentsEmpty && (
            <Typography.Text type="danger" role="alert">
              {t('outreach.rules.segmentsEmpty')}
            </Typography.Text>
          )}
        </Flex>
      </RuleCard>

      <Card data-testid="outreach-rule-general" title={t('outreach.rules.general.title')}>
        <Typography.Paragraph type="secondary">
          {t('outreach.rules.general.description')}
        </Typography.Paragraph>
        <Flex vertical gap={16}>
          <Flex gap={24} wrap align="center">
            {timeInput('start')}
            {timeInput('end')}
            <Flex align="center" gap={8}>
              <label htmlFor="outreach-time-zone">
                <HintLabel label={field('timeZone').label} hint={field('timeZone').hint} />
              </label>
              <Input
                id="outreach-time-zone"
                value={rules.quietHours.timeZone}
                maxLength={64}
                style={{ width: 180 }}
                onChange={(e) =>
                  change((r) => {
                    r.quietHours.timeZone = e.target.value.trim();
                  })
                }
              />
            </Flex>
          </Flex>
          <Flex gap={24} wrap>
            <NumberField
              id="outreach-weekly-cap"
              {...field('weeklyCap')}
              value={rules.weeklyCapPerCustomer}
              unit="times"
              limits={bounds(shape.weeklyCapPerCustomer)}
              onChange={(v) =>
                change((r) => {
                  r.weeklyCapPerCustomer = v;
                })
              }
            />
            <NumberField
              id="outreach-attribution-hours"
              {...field('attributionHours')}
              value={rules.attributionHours}
              unit="hours"
              limits={bounds(shape.attributionHours)}
              onChange={(v) =>
                change((r) => {
                  r.attributionHours = v;
                })
              }
            />
          </Flex>
        </Flex>
      </Card>

      <OutreachDryRun rules={rules} valid={valid} />
    </>
  );
}
