import type { MessageView } from '../../shared/schemas/chat';
import type { ConversationView } from '../../shared/schemas/conversation';
import type { ConversationDoc } from './conversation-model';
import type { StoredMessage } from './message-store';

export function presentConversation(doc: ConversationDoc): ConversationView {
  return {
    id: doc._id,
    status: doc.status,
    visitorId: doc.visitorId,
    customerId: doc.customerId ?? null,
    shopperName: doc.shopperName,
    skill: doc.skill,
    priority: doc.priority ?? 0,
    locale: doc.locale,
    assignee: doc.assigneeId
      ? { id: doc.assigneeId, name: doc.assigneeName ?? doc.assigneeId }
      : null,
    context: {
      ...(doc.context?.sku ? { sku: doc.context.sku } : {}),
      ...(doc.context?.cart?.length ? { cart: [...doc.context.cart] } : {}),
      ...(doc.context?.pageUrl ? { pageUrl: doc.context.pageUrl } : {}),
      ...(doc.context?.pageTitle ? { pageTitle: doc.context.pageTitle } : {}),
    },
    lastSeq: doc.lastSeq ?? 0,
    readSeq: { shopper: doc.shopperReadSeq ?? 0, agent: doc.agentReadSeq ?? 0 },
    lastMessageAt: doc.lastMessageAt ? doc.lastMessageAt.toISOString() : null,
    lastMessagePreview: doc.lastMessagePreview ?? '',
    createdAt: doc.createdAt.toISOString(),
    queuedAt: doc.queuedAt ? doc.queuedAt.toISOString() : null,
    satisfaction: doc.satisfaction ?? null,
  };
}

export function presentMessage(m: Omit<StoredMessage, 'created'>): MessageView {
  return {
    id: m.clientMessageId,
    conversationId: m.conversationId,
    seq: m.seq,
    author: m.author,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    ...(m.scriptId ? { scriptId: m.scriptId } : {}),
    ...(m.scriptVersion ? { scriptVersion: m.scriptVersion } : {}),
    ...(m.scriptVariant ? { scriptVariant: m.scriptVariant } : {}),
    ...(m.offer ? { offer: m.offer } : {}),
    ...(m.visibility ? { visibility: m.visibility } : {}),
  };
}
