import { trusted } from 'mongoose';
import { checkConversationQuality } from '../../shared/domain/quality-checks';
import {
  qualityRuleIds,
  qualityRuleLimits,
  type QualityDryRunResult,
  type QualityRules,
} from '../../shared/schemas/quality-rules';
import { Message } from '../conversations/message-model';
import { findWhereIn } from '../infra/find-where-in';
import { Outcome } from '../outcomes/outcome-model';
import {
  objectionCategoriesOf,
  storedMessageProjection,
  toCheckMessage,
  type StoredMessage,
} from './evaluate-closed-conversation';

const DAY_MS = 86_400_000;
export const DEFAULT_DRY_RUN_DAYS = 7;

/**
 * What `proposed` would flag on the conversations closed in the last `days` days (their outcome
 * records, the newest `dryRunConversationsMax` of them), rule by rule, beside what the rules in
 * force flag on the same conversations. Two queries: the outcomes, then all their messages.
 */
export async function dryRunQualityRules(input: {
  proposed: QualityRules;
  current: QualityRules;
  days?: number;
  now?: Date;
}): Promise<QualityDryRunResult> {
  const days = input.days ?? DEFAULT_DRY_RUN_DAYS;
  const since = new Date((input.now ?? new Date()).getTime() - days * DAY_MS);
  const max = qualityRuleLimits.dryRunConversationsMax;
  const outcomes = await Outcome.find(
    { closedAt: trusted({ $gte: since }) },
    { _id: 1, locale: 1, closedAt: 1 },
  )
    .sort({ closedAt: -1 })
    .limit(max + 1)
    .lean<Array<{ _id: string; locale: 'zh-CN' | 'en'; closedAt: Date }>>();
  const truncated = outcomes.length > max;
  const chats = outcomes.slice(0, max);

  const byConversation = new Map<string, StoredMessage[]>();
  const messages = await findWhereIn<StoredMessage>(
    Message.collection,
    'conversationId',
    chats.map((c) => c._id),
    storedMessageProjection,
  );
  for (const message of messages) {
    const list = byConversation.get(message.conversationId) ?? [];
    list.push(message);
    byConversation.set(message.conversationId, list);
  }

  // Each shopper message is run through the objection detector once, for both rule sets.
  const objections = new Map<string, readonly string[]>();
  const objectionsOf = (text: string) => {
    let found = objections.get(text);
    if (!found) {
      found = objectionCategoriesOf(text);
      objections.set(text, found);
    }
    return found;
  };

  const counts = new Map(
    qualityRuleIds.map((rule) => [rule, { conversations: 0, flags: 0, currentConversations: 0 }]),
  );
  for (const chat of chats) {
    const checkMessages = (byConversation.get(chat._id) ?? []).map(toCheckMessage);
    const run = (rules: QualityRules) =>
      checkConversationQuality({
        messages: checkMessages,
        locale: chat.locale,
        objectionsOf,
        closedAt: chat.closedAt,
        rules,
      });
    const proposed = run(input.proposed);
    for (const rule of new Set(proposed.map((f) => f.rule))) {
      counts.get(rule as (typeof qualityRuleIds)[number])!.conversations += 1;
    }
    for (const flag of proposed) {
      counts.get(flag.rule as (typeof qualityRuleIds)[number])!.flags += 1;
    }
    for (const rule of new Set(run(input.current).map((f) => f.rule))) {
      counts.get(rule as (typeof qualityRuleIds)[number])!.currentConversations += 1;
    }
  }

  return {
    days,
    conversations: chats.length,
    truncated,
    rules: qualityRuleIds.map((rule) => ({ rule, ...counts.get(rule)! })),
  };
}
