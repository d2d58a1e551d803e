import {
  compileObjectionDetector,
  detectObjections,
  type ObjectionDetector,
} from '../../shared/domain/objections';
import {
  checkConversationQuality,
  type QualityCheckMessage,
  type QualityLocale,
} from '../../shared/domain/quality-checks';
import type { QualityFlag } from '../../shared/schemas/outcome';
import type { QualityRules } from '../../shared/schemas/quality-rules';
import { Conversation } from '../conversations/conversation-model';
import { Message } from '../conversations/message-model';
import { readObjectionPhrases } from '../scripts/objection-phrases-file';
import { qualityRulesStore } from './quality-rules-store';

/** What the checks read of a stored message. */
export interface StoredMessage {
  conversationId: string;
  seq: number;
  author: { kind: QualityCheckMessage['authorKind'] };
  text: string;
  createdAt: Date;
  visibility?: string;
}

export const storedMessageProjection = {
  _id: 0,
  conversationId: 1,
  seq: 1,
  'author.kind': 1,
  text: 1,
  createdAt: 1,
  visibility: 1,
} as const;

export const toCheckMessage = (m: StoredMessage): QualityCheckMessage => ({
  seq: m.seq,
  authorKind: m.author.kind,
  text: m.text,
  createdAt: m.createdAt,
  visibility: m.visibility,
});

let detector: ObjectionDetector | null = null;

/**
 * The objection categories of a message, by the detector the console uses (the phrase lists in
 * scripts-library/objection-phrases/, read and compiled once per process).
 */
export function objectionCategoriesOf(text: string): readonly string[] {
  detector ??= compileObjectionDetector(readObjectionPhrases());
  return detectObjections(detector, text).categories;
}

/**
 * The quality flags of a closed conversation, for the close to store in the outcome's `quality`.
 * Reads its messages and the rules in force (unless given); `closedAt` defaults to the
 * conversation's own, or now when it has none yet.
 */
export async function evaluateClosedConversation(
  conversationId: string,
  locale: QualityLocale,
  options: {
    closedAt?: Date;
    rules?: QualityRules;
    /** The conversation's messages when the caller has read them already (the close has). */
    messages?: readonly StoredMessage[];
  } = {},
): Promise<QualityFlag[]> {
  const [messages, rules, closedAt] = await Promise.all([
    options.messages ??
      Message.find({ conversationId }, storedMessageProjection).lean<StoredMessage[]>(),
    options.rules ?? qualityRulesStore.current().then((s) => s.rules),
    options.closedAt ??
      Conversation.findById(conversationId, { closedAt: 1 })
        .lean<{ closedAt: Date | null }>()
        .then((c) => c?.closedAt ?? new Date()),
  ]);
  return checkConversationQuality({
    messages: messages.map(toCheckMessage),
    locale,
    objectionsOf: objectionCategoriesOf,
    closedAt,
    rules,
  });
}
