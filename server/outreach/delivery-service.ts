import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/errors';
import type {
  OutreachSendResponse,
  OutreachTaskView,
  SendOutreachInput,
} from '../../shared/schemas/outreach';
import type { StaffSession, VisitorSession } from '../auth/session-tokens';
import type { Assignment } from '../conversations/assignment';
import { Conversation, type ConversationDoc } from '../conversations/conversation-model';
import { presentConversation, presentMessage } from '../conversations/conversation-presenter';
import type { ConversationService } from '../conversations/conversation-service';
import { Message, messageId } from '../conversations/message-model';
import type { MessageStore } from '../conversations/message-store';
import { VisitorChat, type VisitorChatDoc } from '../conversations/visitor-chat-model';
import { AppError } from '../errors';
import { recordOutreachSent } from './attribution';
import type { Logger } from '../infra/logger';
import { isStaff } from '../realtime/actor';
import { rooms } from '../realtime/rooms';
import type { ChatServer } from '../realtime/socket-server';
import { PendingOutreach, type PendingOutreachDoc } from './delivery-pending-model';
import type { OutreachWebhook } from './delivery-webhook';
import { OutreachTask, type OutreachTaskDoc } from './outreach-models';
import { taskUnavailable, type WorklistService } from './worklist-service';
import { presentTask } from './worklist-presenter';

/** What exists only once the node's chat server runs (attached after the HTTP app is built). */
export interface DeliveryRuntime {
  io: ChatServer;
  messages: MessageStore;
  conversations: ConversationService;
  assignment: Pick<Assignment, 'closed'>;
}

/**
 * An agent's outreach message: a chat the agent starts with a customer, delivered live when
 * the customer has the shop open (signed in), otherwise left for their next visit; and, when
 * configured, passed on to the shop's own messaging by webhook.
 */
export function createOutreachDelivery(deps: {
  worklist: WorklistService;
  webhook: OutreachWebhook;
  logger: Logger;
  scriptVersionExists?: (scriptId: string, version: number) => Promise<boolean>;
}) {
  let runtime: DeliveryRuntime | null = null;
  const ready = (): DeliveryRuntime => {
    if (!runtime) throw new AppError(ErrorCode.Unavailable, 'The chat server is starting.');
    return runtime;
  };

  /** A chat the shopper opened but nobody wrote in yet: an outreach may take its place. */
  async function isIdle(doc: ConversationDoc): Promise<boolean> {
    if (doc.status !== 'queued' && doc.status !== 'assigned') return false;
    if (doc.outreach || (doc.lastSeq ?? 0) > 0) return false;
    return !(await Message.exists({ _id: messageId(doc._id, 1) }));
  }

  /**
   * Makes `conversationId` the visitor's chat (compare-and-set on their pointer), unless they
   * are in the middle of another chat. Returns the idle chat it replaced, or null; false when
   * the visitor is busy or the pointer moved meanwhile.
   */
  async function pointVisitorAt(
    visitorId: string,
    conversationId: string,
  ): Promise<{ replaced: ConversationDoc | null } | false> {
    const pointer = await VisitorChat.findOne({ _id: visitorId }).lean<VisitorChatDoc>();
    if (pointer?.conversationId === conversationId) return { replaced: null };
    const current = pointer
      ? await Conversation.findOne({ _id: pointer.conversationId }).lean<ConversationDoc>()
      : null;
    const open = current && current.status !== 'closed' ? current : null;
    if (open && !(await isIdle(open))) return false;
    if (pointer) {
      const moved = await VisitorChat.updateOne(
        { _id: visitorId, conversationId: pointer.conversationId },
        { $set: { conversationId } },
      );
      if (moved.modifiedCount !== 1) return false;
    } else {
      try {
        await VisitorChat.create({ _id: visitorId, conversationId });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    }
    return { replaced: open };
  }

  /** Closes the empty chat an outreach replaced (its agent's list and routing follow). */
  async function retire(idle: ConversationDoc, by: StaffSession): Promise<void> {
    const { io, conversations, assignment } = ready();
    try {
      if (!(await isIdle(idle))) return;
      const closed = await conversations.close({ ...by, role: 'admin' }, idle._id, 'service_only');
      await assignment.closed(closed, idle.assigneeId ?? null);
      const view = presentConversation(closed);
      io.to(rooms.conversation(closed._id))
        .to(rooms.supervisors)
        .emit('conversation:updated', view);
      if (closed.assigneeId)
        io.to(rooms.agent(closed.assigneeId)).emit('conversation:updated', view);
    } catch (err) {
      deps.logger.warn({ err, conversationId: idle._id }, 'idle chat not closed');
    }
  }

  /** The visitor ids signed in as this customer with the shop open right now (any node). */
  async function onlineVisitors(customerId: string): Promise<string[]> {
    const sockets = await ready().io.in(rooms.customer(customerId)).fetchSockets();
    const ids = sockets.flatMap((socket) => {
      const actor = socket.data.actor;
      return !isStaff(actor) && actor.customerId === customerId ? [actor.visitorId] : [];
    });
    return [...new Set(ids)];
  }

  /** The customer's latest chat: the visitor they used and the language they wrote in. */
  async function lastChatOf(
    customerId: string,
  ): Promise<{ visitorId: string; locale: 'zh-CN' | 'en' } | null> {
    return Conversation.findOne({ customerId }, { visitorId: 1, locale: 1 })
      .sort({ createdAt: -1 })
      .lean<{ visitorId: string; locale: 'zh-CN' | 'en' }>();
  }

  async function validateScript(input: SendOutreachInput): Promise<void> {
    if (input.scriptVariant !== undefined && input.scriptId === undefined)
      throw new AppError(ErrorCode.Validation, 'A script variant needs the script it belongs to.');
    if (input.scriptId === undefined || !deps.scriptVersionExists) return;
    const { scriptId, scriptVersion } = input;
    if (scriptVersion === undefined || !(await deps.scriptVersionExists(scriptId, scriptVersion)))
      throw new AppError(
        ErrorCode.Validation,
        `The script ${scriptId} has no published version ${scriptVersion ?? '(none given)'}.`,
      );
  }

  /** Holds the task for this send: its conversation id is fixed once, so a retry reuses it. */
  async function reserve(agent: StaffSession, taskId: string): Promise<OutreachTaskDoc> {
    const { worklist } = deps;
    let task = await worklist.find(taskId);
    if (task.assigneeId === null && task.status === 'open') {
      await worklist.claim(agent, taskId);
      task = await worklist.find(taskId);
    }
    if (task.assigneeId !== agent.username)
      throw new AppError(ErrorCode.Forbidden, 'Another agent holds this task.');
    if (task.status === 'open' && task.conversationId === null) {
      const conversationId = randomUUID();
      const held = await worklist.inTaskLane(() =>
        OutreachTask.findOneAndUpdate(
          { _id: taskId, status: 'open', assigneeId: agent.username, conversationId: null },
          { $set: { conversationId } },
          { new: true },
        ).lean<OutreachTaskDoc>(),
      );
      task = held ?? (await worklist.find(taskId));
    }
    return task;
  }

  async function send(
    agent: StaffSession,
    taskId: string,
    input: SendOutreachInput,
  ): Promise<OutreachSendResponse> {
    const { io, messages, conversations } = ready();
    await validateScript(input);
    const task = await reserve(agent, taskId);
    if (!task.conversationId) throw taskUnavailable();
    const conversationId = task.conversationId;
    const existing = await Conversation.findOne({ _id: conversationId }).lean<ConversationDoc>();
    if (task.status !== 'open') {
      // Sent before: a retry of that same message is answered again; anything else is refused.
      const first = await Message.findOne({ _id: messageId(conversationId, 1) }).lean();
      if (!existing || first?.clientMessageId !== input.clientMessageId) throw taskUnavailable();
    }

    let conversation = existing;
    let delivery: 'live' | 'left' = 'left';
    let replaced: ConversationDoc | null = null;
    if (!conversation) {
      const [online, last] = await Promise.all([
        onlineVisitors(task.customerId),
        lastChatOf(task.customerId),
      ]);
      const visitorId = online[0] ?? last?.visitorId ?? `customer:${task.customerId}`;
      // Outreach goes out in the language the customer last chatted in (the shop's by default).
      const locale = last?.locale ?? 'zh-CN';
      const now = new Date();
      conversation = (
        await Conversation.create({
          _id: conversationId,
          visitorId,
          customerId: task.customerId,
          shopperName: task.customerName,
          status: 'active',
          skill: locale,
          locale,
          assigneeId: agent.username,
          assigneeName: agent.displayName,
          assignedAt: now,
          firstResponseAt: now,
          context: {},
          outreach: { taskId: task._id, kind: task.kind },
          history: [{ at: now, event: 'opened', by: agent.username, note: `outreach:${task._id}` }],
        })
      ).toObject() as ConversationDoc;
      // The first of the customer's open tabs that is not in another chat shows it now.
      for (const candidate of online) {
        const pointed = await pointVisitorAt(candidate, conversationId);
        if (!pointed) continue;
        if (candidate !== conversation.visitorId) {
          await Conversation.updateOne({ _id: conversationId }, { $set: { visitorId: candidate } });
          conversation = { ...conversation, visitorId: candidate };
        }
        replaced = pointed.replaced;
        delivery = 'live';
        break;
      }
    } else {
      const pointer = await VisitorChat.findOne({ _id: conversation.visitorId }).lean();
      delivery = pointer?.conversationId === conversationId ? 'live' : 'left';
    }
    if (delivery === 'left') {
      await PendingOutreach.updateOne(
        { _id: task.customerId },
        { $set: { conversationId, taskId: task._id, leftAt: new Date() } },
        { upsert: true },
      );
    }

    const stored = await messages.append({
      conversationId,
      clientMessageId: input.clientMessageId,
      author: { kind: 'agent', id: agent.username, name: agent.displayName },
      text: input.text,
      scriptId: input.scriptId,
      scriptVersion: input.scriptVersion,
      scriptVariant: input.scriptVariant,
    });
    const message = presentMessage(stored);
    if (stored.created) {
      conversations
        .noteMessage(conversation, stored)
        .catch((err: unknown) =>
          deps.logger.warn({ err, conversationId }, 'conversation summary not updated'),
        );
    }

    // The agent's console follows the new chat; the shopper's widget switches to it.
    await io.in(rooms.agent(agent.username)).socketsJoin(rooms.conversation(conversationId));
    const view = presentConversation(conversation);
    io.to(rooms.agent(agent.username)).to(rooms.supervisors).emit('conversation:updated', view);
    if (delivery === 'live') {
      await io
        .in(rooms.visitor(conversation.visitorId))
        .socketsJoin(rooms.conversation(conversationId));
      io.to(rooms.visitor(conversation.visitorId)).emit('conversation:updated', view);
    }
    if (stored.created) io.to(rooms.conversation(conversationId)).emit('message:new', message);
    if (replaced) void retire(replaced, agent);

    const sent = await markSent(task, delivery);
    if (stored.created) {
      void deps.webhook.notify({
        taskId: task._id,
        kind: task.kind,
        customerId: task.customerId,
        orderId: task.orderId ?? null,
        text: input.text,
        delivery: sent.delivery ?? delivery,
        sentAt: sent.sentAt ?? new Date().toISOString(),
      });
    }
    return { task: sent, conversationId, message, delivery: sent.delivery ?? delivery };
  }

  async function markSent(
    task: OutreachTaskDoc,
    delivery: 'live' | 'left',
  ): Promise<OutreachTaskView> {
    if (task.status !== 'open') return presentTask(task);
    const sent = await deps.worklist.inTaskLane(() =>
      OutreachTask.findOneAndUpdate(
        { _id: task._id, status: 'open' },
        { $set: { status: 'sent', sentAt: new Date(), delivery } },
        { new: true },
      ).lean<OutreachTaskDoc>(),
    );
    // Every outreach sent is an outcome record, whether or not an order follows.
    if (sent) await recordOutreachSent(sent);
    return presentTask(sent ?? (await deps.worklist.find(task._id)));
  }

  /**
   * A signed-in shopper opens the widget: an outreach left for them becomes their chat, unless
   * they are in the middle of another one (then it waits for the next time).
   */
  async function adoptPending(visitor: VisitorSession, by?: StaffSession): Promise<void> {
    if (!visitor.customerId || !runtime) return;
    const pending = await PendingOutreach.findOne({
      _id: visitor.customerId,
    }).lean<PendingOutreachDoc>();
    if (!pending) return;
    const conversation = await Conversation.findOne({
      _id: pending.conversationId,
    }).lean<ConversationDoc>();
    const drop = () =>
      PendingOutreach.deleteOne({ _id: pending._id, conversationId: pending.conversationId });
    if (!conversation || conversation.status === 'closed') {
      await drop();
      return;
    }
    const pointed = await pointVisitorAt(visitor.visitorId, conversation._id);
    if (!pointed) return;
    if (conversation.visitorId !== visitor.visitorId) {
      await Conversation.updateOne(
        { _id: conversation._id },
        { $set: { visitorId: visitor.visitorId } },
      );
    }
    await drop();
    if (pointed.replaced) {
      const agent = by ?? {
        kind: 'staff' as const,
        username: conversation.assigneeId ?? 'system',
        displayName: conversation.assigneeName ?? 'system',
        role: 'admin' as const,
        sid: 'outreach',
      };
      void retire(pointed.replaced, agent);
    }
  }

  return {
    attach(value: DeliveryRuntime) {
      runtime = value;
    },
    send,
    adoptPending,
  };
}

export type OutreachDelivery = ReturnType<typeof createOutreachDelivery>;
