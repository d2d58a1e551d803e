import { z } from 'zod';
import { ErrorCode } from '../../shared/errors';
import {
  readSchema,
  resyncSchema,
  sendMessageSchema,
  typingSchema,
} from '../../shared/schemas/chat';
import {
  closeConversationSchema,
  conversationRefSchema,
  type CloseDetails,
  openConversationSchema,
  transferConversationSchema,
} from '../../shared/schemas/conversation';
import { AppError } from '../errors';
import type { VisitorSession } from '../auth/session-tokens';
import type { Logger } from '../infra/logger';
import { isStaff } from '../realtime/actor';
import { rooms } from '../realtime/rooms';
import type { ChatServer, ChatSocket } from '../realtime/socket-server';
import { registerHandler, type EventGate, type HandlerContext } from '../realtime/socket-handler';
import type { Assignment } from './assignment';
import type { ConversationDoc } from './conversation-model';
import { presentConversation, presentMessage } from './conversation-presenter';
import type { ConversationService } from './conversation-service';
import type { MessageStore } from './message-store';

export interface ConversationHandlerDeps {
  io: ChatServer;
  logger: Logger;
  conversations: ConversationService;
  messages: MessageStore;
  eventGate: EventGate;
  /** Called when a chat enters the queue; routing assigns it when it can. */
  onQueued: (conversation: ConversationDoc) => Promise<void>;
  onClaim: (
    conversationId: string,
    agent: { id: string; name: string },
  ) => Promise<ConversationDoc>;
  onClosed: (conversation: ConversationDoc, previousAssignee: string | null) => Promise<void>;
  /** Writes the closed chat's outcome record (server/outcomes/); a failure does not undo the close. */
  recordOutcome?: (conversation: ConversationDoc, details: CloseDetails) => Promise<unknown>;
  onTransfer: Assignment['transfer'];
  shopperProfile: (visitor: {
    visitorId: string;
    customerId: string | null;
    locale: 'zh-CN' | 'en';
  }) => Promise<{ name: string; priority: number }>;
  /** Whether a script version was ever published; messages may only cite one that was. */
  scriptVersionExists?: (scriptId: string, version: number) => Promise<boolean>;
  /** Runs before a shopper's chat is opened (an outreach left for them becomes their chat). */
  beforeOpen?: (visitor: VisitorSession) => Promise<void>;
}

const emptySchema = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerConversationHandlers(
  socket: ChatSocket,
  deps: ConversationHandlerDeps,
): void {
  const actor = socket.data.actor;
  const ctx: HandlerContext = { socket, actor };
  const on = <S extends z.ZodType, T>(
    event: string,
    schema: S,
    fn: (input: z.infer<S>) => Promise<T>,
  ) => registerHandler(ctx, { logger: deps.logger, gate: deps.eventGate }, event, schema, fn);
  const broadcastConversation = (doc: ConversationDoc) => {
    const view = presentConversation(doc);
    deps.io
      .to(rooms.conversation(doc._id))
      .to(rooms.supervisors)
      .emit('conversation:updated', view);
    if (doc.assigneeId) deps.io.to(rooms.agent(doc.assigneeId)).emit('conversation:updated', view);
    return view;
  };

  if (isStaff(actor)) {
    void socket.join(rooms.agent(actor.username));
    if (actor.role !== 'trainer') void socket.join(rooms.queueWatchers);
    if (actor.role === 'supervisor' || actor.role === 'admin') void socket.join(rooms.supervisors);
  } else {
    void socket.join(rooms.visitor(actor.visitorId));
    if (actor.customerId) void socket.join(rooms.customer(actor.customerId));
  }

  on('conversation:open', openConversationSchema, async (input) => {
    if (isStaff(actor))
      throw new AppError(ErrorCode.Forbidden, 'Only shoppers open conversations.');
    if (deps.beforeOpen)
      await deps
        .beforeOpen(actor)
        .catch((err: unknown) => deps.logger.warn({ err }, 'left outreach not delivered'));
    const profile = await deps.shopperProfile({ ...actor, locale: input.locale });
    const { conversation, needsRouting } = await deps.conversations.openForVisitor(
      actor,
      input,
      profile,
    );
    await socket.join(rooms.conversation(conversation._id));
    // The answer does not wait for routing: the assignment arrives as conversation:updated.
    if (needsRouting)
      deps
        .onQueued(conversation)
        .catch((err: unknown) =>
          deps.logger.warn({ err, conversationId: conversation._id }, 'chat not routed yet'),
        );
    return { conversation: presentConversation(conversation) };
  });

  on('conversation:list', emptySchema, async () => {
    if (!isStaff(actor) || actor.role === 'trainer')
      throw new AppError(ErrorCode.Forbidden, 'Agents only.');
    const { mine, queue } = await deps.conversations.listForAgent(actor);
    await socket.join(mine.map((c) => rooms.conversation(c._id)));
    return { mine: mine.map(presentConversation), queue: queue.map(presentConversation) };
  });

  on('conversation:claim', conversationRefSchema, async ({ conversationId }) => {
    if (!isStaff(actor) || actor.role === 'trainer')
      throw new AppError(ErrorCode.Forbidden, 'Agents only.');
    const claimed = await deps.onClaim(conversationId, {
      id: actor.username,
      name: actor.displayName,
    });
    return { conversation: broadcastConversation(claimed) };
  });

  on('conversation:close', closeConversationSchema, async (input) => {
    const { conversationId, disposition, details } = input;
    if (!isStaff(actor)) throw new AppError(ErrorCode.Forbidden, 'Only staff close conversations.');
    const before = await deps.conversations.findForActor(actor, conversationId);
    const closed = await deps.conversations.close(actor, conversationId, disposition);
    await deps.onClosed(closed, before.assigneeId ?? null);
    if (deps.recordOutcome)
      await deps
        .recordOutcome(closed, details ?? {})
        .catch((err: unknown) =>
          deps.logger.error({ err, conversationId }, 'outcome not recorded'),
        );
    return { conversation: broadcastConversation(closed) };
  });

  on('conversation:transfer', transferConversationSchema, async ({ conversationId, to, note }) => {
    if (!isStaff(actor) || actor.role === 'trainer')
      throw new AppError(ErrorCode.Forbidden, 'Agents only.');
    const moved = await deps.onTransfer(actor, conversationId, to, note);
    return { conversation: presentConversation(moved) };
  });

  on('message:send', sendMessageSchema, async (input) => {
    const conversation = await deps.conversations.findForActor(actor, input.conversationId);
    if (conversation.status === 'closed') {
      throw new AppError(
        ErrorCode.Validation,
        'This conversation is closed; open a new one to write again.',
      );
    }
    if (input.scriptVariant !== undefined && input.scriptId === undefined)
      throw new AppError(ErrorCode.Validation, 'A script variant needs the script it belongs to.');
    if (input.scriptId !== undefined && deps.scriptVersionExists) {
      const { scriptId, scriptVersion } = input;
      if (
        scriptVersion === undefined ||
        !(await deps.scriptVersionExists(scriptId, scriptVersion))
      ) {
        throw new AppError(
          ErrorCode.Validation,
          `The script ${scriptId} has no published version ${scriptVersion ?? '(none given)'}.`,
        );
      }
    }
    const author = isStaff(actor)
      ? { kind: 'agent' as const, id: actor.username, name: actor.displayName }
      : { kind: 'shopper' as const, id: actor.visitorId, name: conversation.shopperName };
    const stored = await deps.messages.append({ ...input, author });
    const message = presentMessage(stored);
    if (stored.created) {
      deps.io.to(rooms.conversation(conversation._id)).emit('message:new', message);
      deps.conversations
        .noteMessage(conversation, stored)
        .catch((err: unknown) =>
          deps.logger.warn(
            { err, conversationId: conversation._id },
            'conversation summary not updated',
          ),
        );
    }
    return { message, duplicate: !stored.created };
  });

  on('message:resync', resyncSchema, async ({ conversations }) => {
    const batches = await Promise.all(
      conversations.map(async ({ conversationId, lastSeq }) => {
        await deps.conversations.findForActor(actor, conversationId);
        await socket.join(rooms.conversation(conversationId));
        return deps.messages.readAfter(
          conversationId,
          lastSeq,
          undefined,
          isStaff(actor) ? 'staff' : 'shopper',
        );
      }),
    );
    // Whispers are for staff only: never to a shopper, whatever the store returned.
    const visible = batches.flat().filter((m) => isStaff(actor) || m.visibility !== 'staff');
    return { messages: visible.map(presentMessage) };
  });

  on('message:read', readSchema, async ({ conversationId, seq }) => {
    const marked = await deps.conversations.markRead(actor, conversationId, seq);
    if (marked)
      socket.to(rooms.conversation(conversationId)).emit('read', { conversationId, ...marked });
    return null;
  });

  // Typing is volatile: no ack, dropped when the link is busy, never stored.
  socket.on('typing', async (payload: unknown) => {
    const parsed = typingSchema.safeParse(payload);
    if (!parsed.success || !socket.rooms.has(rooms.conversation(parsed.data.conversationId)))
      return;
    socket.volatile.to(rooms.conversation(parsed.data.conversationId)).emit('typing', {
      conversationId: parsed.data.conversationId,
      author: {
        kind: isStaff(actor) ? 'agent' : 'shopper',
        name: isStaff(actor) ? actor.displayName : '',
      },
      isTyping: parsed.data.isTyping,
    });
  });
}
