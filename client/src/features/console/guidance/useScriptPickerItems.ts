import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { scenarioInfo, techniqueInfo } from '../../../../../shared/domain/scripts';
import type { ConversationView } from '../../../../../shared/schemas/conversation';
import type { CannedReply } from '../canned-replies';
import { useScriptLibrary } from './guidance-data';
import { pickVariant } from './ab-variant';
import { renderScript, useScriptValues } from './ScriptColumn';

/**
 * Every script of both libraries as `/` list entries, filled in for the chat, the chat's
 * language first. The search looks in title, text, tags, scenario and technique (both
 * languages' names).
 */
export function useScriptPickerItems(
  conversation: ConversationView,
  agentName: string,
): CannedReply[] {
  const { t } = useTranslation();
  const library = useScriptLibrary();
  const valuesFor = useScriptValues(conversation, agentName);
  const { locale } = conversation;
  return useMemo(() => {
    const scripts = library.data ?? [];
    const ordered = [
      ...scripts.filter((s) => s.locale === locale),
      ...scripts.filter((s) => s.locale !== locale),
    ];
    return ordered.map((script) => {
      const variant = pickVariant(script, conversation.id);
      const scenario = scenarioInfo[script.scenario].label;
      const technique = techniqueInfo[script.technique].label;
      return {
        id: `script:${script.locale}:${script.id}`,
        label: script.title,
        text: renderScript(script, valuesFor(script.locale), variant.text).text,
        keywords: [
          script.id,
          ...script.tags,
          scenario.en,
          scenario['zh-CN'],
          technique.en,
          technique['zh-CN'],
        ].join(' '),
        badge: `${t('guidance.pickerScripts')} · ${t(`guidance.localeTag.${script.locale}`)}`,
        script: {
          scriptId: script.id,
          scriptVersion: script.version,
          scriptVariant: variant.id,
          title: script.title,
        },
      };
    });
  }, [library.data, valuesFor, locale, t, conversation.id]);
}
