import { Alert, Button, Card, Flex, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { rankOutreachScripts } from '../../../../../shared/domain/outreach-scripts';
import { techniqueInfo, type ScriptLocale } from '../../../../../shared/domain/scripts';
import { templateVariables, type TemplateValues } from '../../../../../shared/domain/template';
import { outreachScenario, type OutreachTaskDetail } from '../../../../../shared/schemas/outreach';
import { errorMessageKey } from '../../../app/api';
import { i18n } from '../../../app/i18n';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { pickVariant } from '../guidance/ab-variant';
import { useScriptLibrary } from '../guidance/guidance-data';
import { renderScript, type ScriptChoice } from '../guidance/ScriptColumn';
import { scriptMoney, scriptValues } from '../guidance/script-values';
import { insertShortcutIndex } from '../guidance/shortcuts';
import type { LibraryScript } from '../guidance/rank-scripts';

/** The order's and customer's values for a script in `locale` (order id, amount, name, tier…). */
export function outreachValues(
  detail: OutreachTaskDetail,
  locale: ScriptLocale,
  agentName: string,
): TemplateValues {
  const t = i18n.getFixedT(locale);
  const values = scriptValues({
    locale,
    profile: detail.profile,
    agentName,
    shopName: t('shop.name'),
    tierLabel: (tier) => t(`profile.tiers.${tier}`),
  });
  values['customer.name'] ??= detail.task.customerName;
  if (detail.task.orderId) values['order.id'] = detail.task.orderId;
  const amount = detail.order?.amount ?? (detail.task.orderId ? detail.task.value : null);
  if (amount !== null && amount !== undefined) values['order.amount'] = scriptMoney(amount);
  return values;
}

/**
 * The library's scripts for the task's scenario (催付 for a payment reminder), filled with the
 * order's details, best first; Alt+Shift+1…3 (or Ctrl+1…3) puts one in the composer.
 */
export function OutreachScripts({
  detail,
  agentName,
  onInsert,
}: {
  detail: OutreachTaskDetail;
  agentName: string;
  /** Absent once the task is sent or skipped. */
  onInsert?: (choice: ScriptChoice) => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const library = useScriptLibrary();
  const { task } = detail;
  // The shop writes to its customers in its own language, whatever the agent's screen shows.
  const locale: ScriptLocale = 'zh-CN';

  const best = useMemo(() => {
    if (!library.data) return [];
    const valuesByLocale = new Map<ScriptLocale, TemplateValues>();
    const valuesFor = (l: ScriptLocale) => {
      let values = valuesByLocale.get(l);
      if (!values) valuesByLocale.set(l, (values = outreachValues(detail, l, agentName)));
      return values;
    };
    const render = (script: LibraryScript) => {
      const variant = pickVariant(script, task.id);
      return { variant, rendered: renderScript(script, valuesFor(script.locale), variant.text) };
    };
    return rankOutreachScripts(library.data, {
      scenario: outreachScenario[task.kind],
      locale,
      missing: (script) => render(script).rendered.missing.length,
    }).map((script) => ({ script, ...render(script) }));
  }, [library.data, detail, agentName, task.id, task.kind, locale]);

  const choices: ScriptChoice[] = useMemo(
    () =>
      best.map(({ script, variant, rendered }) => ({
        scriptId: script.id,
        scriptVersion: script.version,
        scriptVariant: variant.id,
        title: script.title,
        text: rendered.text,
      })),
    [best],
  );
  useInsertShortcuts(choices, onInsert);

  let body;
  if (library.isPending) body = <Spin size="small" />;
  else if (library.isError)
    body = <Alert type="error" showIcon title={t(errorMessageKey(library.error))} />;
  else if (best.length === 0)
    body = <Typography.Text type="secondary">{t('outreach.noScripts')}</Typography.Text>;
  else
    body = (
      <Flex vertical gap={8}>
        {best.map(({ script, rendered }, index) => (
          <div
            key={`${script.locale}/${script.id}`}
            data-testid="outreach-script"
            data-script-id={script.id}
            style={{
              border: `1px solid ${token.colorBorderSecondary}`,
              borderRadius: token.borderRadius,
              padding: 8,
            }}
          >
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong ellipsis>
                {index + 1}. {script.title}
              </Typography.Text>
              {onInsert && (
                <Tooltip title={t('guidance.insertHint', { n: index + 1 })}>
                  <Button size="small" onClick={() => onInsert(choices[index]!)}>
                    {t('guidance.insert')}
                  </Button>
                </Tooltip>
              )}
            </Flex>
            <Tag style={{ margin: '4px 0' }}>{techniqueInfo[script.technique].label[language]}</Tag>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {rendered.segments.map((segment, i) =>
                segment.kind === 'missing' ? (
                  <Tooltip key={i} title={templateVariables[segment.name].label[language]}>
                    <span style={{ color: token.colorError, background: token.colorErrorBg }}>
                      {segment.text}
                    </span>
                  </Tooltip>
                ) : (
                  <span key={i}>{segment.text}</span>
                ),
              )}
            </Typography.Paragraph>
          </div>
        ))}
      </Flex>
    );

  return (
    <Card
      size="small"
      title={t('outreach.scripts')}
      extra={
        <Tooltip title={t('outreach.scriptsHint')}>
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {t(`outreach.kinds.${task.kind}`)}
          </Tag>
        </Tooltip>
      }
      data-testid="outreach-scripts"
    >
      {body}
    </Card>
  );
}

/** Alt+Shift+1…3 (or Ctrl+1…3) inserts script 1…3 from anywhere on the page. */
function useInsertShortcuts(
  choices: readonly ScriptChoice[],
  onInsert: ((choice: ScriptChoice) => void) | undefined,
) {
  const latest = useRef({ choices, onInsert });
  useEffect(() => {
    latest.current = { choices, onInsert };
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const index = insertShortcutIndex(event);
      if (index === null) return;
      const { choices, onInsert } = latest.current;
      const choice = choices[index];
      if (!choice || !onInsert) return;
      event.preventDefault();
      onInsert(choice);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
