import {
  Alert,
  Button,
  Card,
  Flex,
  Space,
  Spin,
  Steps,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { objectionLabels } from '../../../../../shared/domain/objection-labels';
import {
  conversationStages,
  scriptLocales,
  stageInfo,
  techniqueInfo,
  type ConversationStage,
  type ScriptLocale,
} from '../../../../../shared/domain/scripts';
import {
  renderTemplate,
  templateVariables,
  type RenderResult,
  type TemplateValues,
} from '../../../../../shared/domain/template';
import type { MessageView } from '../../../../../shared/schemas/chat';
import type { ConversationView } from '../../../../../shared/schemas/conversation';
import { errorMessageKey } from '../../../app/api';
import { i18n } from '../../../app/i18n';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { useCustomerProfile } from '../CustomerProfile';
import { useCatalogProducts, useScriptLibrary, type Objections } from './guidance-data';
import { rankScripts, type LibraryScript } from './rank-scripts';
import { latestObjection } from '../../../../../shared/domain/conversation-stage';
import { pickVariant } from './ab-variant';
import { scriptValues } from './script-values';
import { insertShortcutIndex } from './shortcuts';

/** A script put into the composer: its text filled in, and what the sent message records. */
export interface ScriptChoice {
  scriptId: string;
  scriptVersion: number;
  /** The A/B variant this chat got (see pickVariant). */
  scriptVariant: string;
  title: string;
  text: string;
}

interface ScriptColumnProps {
  conversation: ConversationView;
  messages: readonly MessageView[];
  objections: Objections | null;
  stage: ConversationStage;
  onStageChange: (stage: ConversationStage) => void;
  agentName: string;
  /** Absent where the viewer cannot reply (trainers) or the chat is closed. */
  onInsert?: (choice: ScriptChoice) => void;
}

/** Renders a script for the chat; a template that does not validate is shown as written. */
export function renderScript(
  script: LibraryScript,
  values: TemplateValues,
  variantText: string = script.text,
): RenderResult {
  try {
    return renderTemplate(variantText, values);
  } catch {
    return { text: variantText, segments: [{ kind: 'text', text: variantText }], missing: [] };
  }
}

/** The values a script in `locale` is filled with, for this chat. */
export function useScriptValues(
  conversation: ConversationView,
  agentName: string,
): (locale: ScriptLocale) => TemplateValues {
  const profile = useCustomerProfile(conversation.id);
  const products = useCatalogProducts();
  const sku = conversation.context.sku;
  return useMemo(() => {
    const byLocale = Object.fromEntries(
      scriptLocales.map((locale) => {
        const t = i18n.getFixedT(locale);
        const values = scriptValues({
          locale,
          profile: profile.data,
          agentName,
          shopName: t('shop.name'),
          tierLabel: (tier) => t(`profile.tiers.${tier}`),
          sku,
          products: products.data,
        });
        return [locale, values];
      }),
    ) as Record<ScriptLocale, TemplateValues>;
    return (locale: ScriptLocale) => byLocale[locale];
  }, [profile.data, products.data, agentName, sku]);
}

/**
 * Guided handling for the open chat: where the conversation stands, the objection the shopper
 * raised last, the technique that answers it, and the three scripts that fit best, filled in
 * and one key (Alt+Shift+1…3, or Ctrl+1…3 where the browser lets the page have it) from the
 * composer.
 */
export function ScriptColumn({
  conversation,
  messages,
  objections,
  stage,
  onStageChange,
  agentName,
  onInsert,
}: ScriptColumnProps) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const library = useScriptLibrary();
  const profile = useCustomerProfile(conversation.id);
  const valuesFor = useScriptValues(conversation, agentName);
  const locale = conversation.locale;
  const objection = useMemo(
    () => (objections ? latestObjection(messages, objections.categories) : null),
    [messages, objections],
  );
  const personality = profile.data?.customer ? (profile.data.personality?.name ?? null) : null;

  const best = useMemo(
    () =>
      library.data
        ? rankScripts(library.data, { objection, stage, personality, locale }).map((script) => {
            const variant = pickVariant(script, conversation.id);
            return {
              script,
              variant: variant.id,
              rendered: renderScript(script, valuesFor(script.locale), variant.text),
            };
          })
        : [],
    [library.data, objection, stage, personality, locale, valuesFor, conversation.id],
  );
  const choices: ScriptChoice[] = useMemo(
    () =>
      best.map(({ script, variant, rendered }) => ({
        scriptId: script.id,
        scriptVersion: script.version,
        scriptVariant: variant,
        title: script.title,
        text: rendered.text,
      })),
    [best],
  );
  useInsertShortcuts(choices, onInsert);

  const technique = best[0] ? techniqueInfo[best[0].script.technique] : null;
  const stepIndex = conversationStages.indexOf(stage);

  return (
    <Card title={t('guidance.column')} size="small" data-testid="script-column">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('guidance.stage')}
          </Typography.Text>
          <Steps
            data-testid="stage-stepper"
            size="small"
            orientation="vertical"
            current={stepIndex}
            onChange={(index) => {
              const next = conversationStages[index];
              if (next) onStageChange(next);
            }}
            items={conversationStages.map((s) => ({
              title: stageInfo[s].label[language],
              content: s === stage ? stageInfo[s].goal[language] : undefined,
            }))}
          />
        </div>

        <div data-testid="latest-objection">
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {t('guidance.latestObjection')}
          </Typography.Text>
          {objection ? (
            <Tag color="warning" data-category={objection}>
              {objectionLabels[objection][language]}
            </Tag>
          ) : (
            <Typography.Text type="secondary">{t('guidance.noObjection')}</Typography.Text>
          )}
        </div>

        {technique && (
          <div data-testid="technique">
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('guidance.technique')}
            </Typography.Text>
            <Typography.Text strong>
              {technique.method ? technique.method.name[language] : technique.label[language]}
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ margin: '2px 0 4px', fontSize: 12 }}>
              {technique.summary[language]}
            </Typography.Paragraph>
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {technique.steps.map((step, i) => (
                <li
                  key={i}
                  data-testid="technique-step"
                  aria-current={technique.method?.step === i ? 'step' : undefined}
                  style={{ fontWeight: technique.method?.step === i ? 600 : undefined }}
                >
                  {step.name[language]}: {step.does[language]}
                </li>
              ))}
            </ol>
          </div>
        )}

        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {t('guidance.suggested')}
          </Typography.Text>
          {library.isPending ? (
            <Space data-testid="scripts-loading">
              <Spin size="small" />
              <Typography.Text type="secondary">{t('guidance.loading')}</Typography.Text>
            </Space>
          ) : library.isError ? (
            <Alert
              type="error"
              showIcon
              title={`${t('guidance.failed')} ${t(errorMessageKey(library.error))}`}
            />
          ) : best.length === 0 ? (
            <Typography.Text type="secondary">{t('guidance.noScripts')}</Typography.Text>
          ) : (
            <Flex vertical gap={8}>
              {best.map(({ script, rendered }, index) => (
                <SuggestedScript
                  key={`${script.locale}/${script.id}`}
                  script={script}
                  rendered={rendered}
                  index={index}
                  chatLocale={locale}
                  onInsert={onInsert && (() => onInsert(choices[index]!))}
                />
              ))}
            </Flex>
          )}
        </div>
      </Space>
    </Card>
  );
}

function SuggestedScript({
  script,
  rendered,
  index,
  chatLocale,
  onInsert,
}: {
  script: LibraryScript;
  rendered: RenderResult;
  index: number;
  chatLocale: ScriptLocale;
  onInsert?: () => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const n = index + 1;
  return (
    <div
      data-testid="suggested-script"
      data-script-id={script.id}
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        padding: 8,
      }}
    >
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong ellipsis>
          {n}. {script.title}
        </Typography.Text>
        {onInsert && (
          <Tooltip title={t('guidance.insertHint', { n })}>
            <Button size="small" data-testid="insert-script" onClick={onInsert}>
              {t('guidance.insert')}
            </Button>
          </Tooltip>
        )}
      </Flex>
      <Flex gap={4} wrap style={{ margin: '4px 0' }}>
        <Tag style={{ marginInlineEnd: 0 }}>{techniqueInfo[script.technique].label[language]}</Tag>
        {script.locale !== chatLocale && (
          <Tag color="orange" style={{ marginInlineEnd: 0 }}>
            {t(`guidance.localeTag.${script.locale}`)}
          </Tag>
        )}
      </Flex>
      <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
        {rendered.segments.map((segment, i) =>
          segment.kind === 'missing' ? (
            <Tooltip key={i} title={templateVariables[segment.name].label[language]}>
              <span
                data-testid="missing-value"
                style={{
                  color: token.colorError,
                  background: token.colorErrorBg,
                  borderRadius: 4,
                  padding: '0 2px',
                }}
              >
                {segment.text}
              </span>
            </Tooltip>
          ) : (
            <span key={i}>{segment.text}</span>
          ),
        )}
      </Typography.Paragraph>
      {rendered.missing.length > 0 && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('guidance.missingValues', {
            names: rendered.missing
              .map((name) => templateVariables[name].label[language])
              .join(language === 'zh-CN' ? '、' : ', '),
          })}
        </Typography.Text>
      )}
    </div>
  );
}

/** Alt+Shift+1…3 (or Ctrl+1…3) inserts suggestion 1…3 from anywhere on the page. */
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
