import { trusted } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/errors';
import type { OpenConversationInput } from '../../shared/schemas/conversation';
import type { StaffSession, VisitorSession } from '../auth/session-tokens';
import { AppError } from '../errors';
import { isStaff, type Actor } from '../realtime/actor';
import { conversationScope, mayAccess } from './conversation-access';
import { Conversation, type ConversationDoc } from './conversation-model';
import { VisitorChat, type VisitorChatDoc } from './visitor-chat-model';
import { Message, messageId } from './message-model';
import type { StoredMessage } from './message-store';

export interface ConversationServiceOptions {
  /** A shopper who writes again within this time reopens the closed chat instead of a new one. */
  reopenWindowMs: number;
  /** A summary write failed (the messages themselves are stored). */
  onSummaryError?: (error: unknown) => void;
}

const SUMMARY_WINDOW_MS = 100;
const SUMMARY_RETRY_MS = 1000;

const notFound = () =>
  new AppError(ErrorCode.NotFound, 'No such conversation, or it is not yours.');

export function createConversationService(options: ConversationServiceOptions) {
  // FerretDB on SQLite (the embedded database) applies an update by reading the document and
  // writing it back whole: two updates of one conversation at once can undo each other
  // (measured: 38 of 300 updates lost beside a concurrent writer). So this node sends its
  // conversation updates one at a time. MongoDB does not need it; it costs little there.
  let conversationLane: Promise<unknown> = Promise.resolve();
  function inConversationLane<T>(write: () => PromiseLike<T>): Promise<T> {
    const next = conversationLane.then(write, write);
    conversationLane = next.catch(() => undefined);
    return next;
  }

  async function findForActor(actor: Actor, conversationId: string): Promise<ConversationDoc> {
    if (!conversationScope(actor, conversationId))
      throw new AppError(ErrorCode.Forbidden, 'Your role cannot open live conversations.');
    const doc = await Conversation.findOne({ _id: conversationId }).lean<ConversationDoc>();
    if (!doc || !mayAccess(actor, doc)) throw notFound();
    return doc;
  }

  /** The visitor's open chat, a recently closed one reopened, or a new one. */
  async function openForVisitor(
    visitor: VisitorSession,
    input: OpenConversationInput,
    shopper: { name: string; priority: number },
  ): Promise<{ conversation: ConversationDoc; needsRouting: boolean }> {
    const pointer = await VisitorChat.findOne({ _id: visitor.visitorId }).lean<VisitorChatDoc>();
    const latest = pointer
      ? await Conversation.findOne({ _id: pointer.conversationId }).lean<ConversationDoc>()
      : null;
    if (latest && latest.status !== 'closed')
      return { conversation: latest, needsRouting: latest.status === 'queued' };

    const now = new Date();
    if (latest?.closedAt && latest.closedAt.getTime() >= now.getTime() - options.reopenWindowMs) {
      const reopened = await inConversationLane(() =>
        Conversation.findOneAndUpdate(
          { _id: latest._id, status: 'closed' },
          {
            $set: {
              status: 'queued',
              queuedAt: now,
              closedAt: null,
              disposition: null,
              assigneeId: null,
              assigneeName: null,
            },
            $push: { history: { at: now, event: 'reopened', by: null, note: '' } },
          },
          { new: true },
        ).lean<ConversationDoc>(),
      );
      if (reopened) return { conversation: reopened, needsRouting: true };
    }

    const created = (
      await Conversation.create({
        _id: randomUUID(),
        visitorId: visitor.visitorId,
        customerId: visitor.customerId,
        shopperName: shopper.name,
        status: 'queued',
        skill: input.locale,
        priority: shopper.priority,
        locale: input.locale,
        context: input.context ?? {},
        queuedAt: now,
        history: [{ at: now, event: 'opened', by: null, note: '' }],
      })
    ).toObject() as ConversationDoc;
    if (await pointTo(visitor.visitorId, pointer?.conversationId ?? null, created._id))
      return { conversation: created, needsRouting: true };
    // Another tab of the same visitor opened one at the same moment: both use that one.
    await Conversation.deleteOne({ _id: created._id });
    return openForVisitor(visitor, input, shopper);
  }

  /** Compare-and-set of the visitor's latest conversation; false when someone else moved it. */
  async function pointTo(visitorId: string, from: string | null, to: string): Promise<boolean> {
    if (from === null) {
      try {
        await VisitorChat.create({ _id: visitorId, conversationId: to });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    }
    const moved = await VisitorChat.updateOne(
      { _id: visitorId, conversationId: from },
      { $set: { conversationId: to } },
    );
    return moved.modifiedCount === 1;
  }

  /** Compare-and-set in the database: only a queued chat can be given to an agent. */
  async function assign(
    conversationId: string,
    agent: { id: string; name: string },
    by: string | null,
    note = '',
  ) {
    const now = new Date();
    return inConversationLane(() =>
      Conversation.findOneAndUpdate(
        { _id: conversationId, status: 'queued' },
        {
          $set: {
            status: 'assigned',
            assigneeId: agent.id,
            assigneeName: agent.name,
            assignedAt: now,
            queuedAt: null,
          },
          $push: { history: { at: now, event: 'assigned', by, note } },
        },
        { new: true },
      ).lean<ConversationDoc>(),
    );
  }

  async function isAssignedTo(conversationId: string, agentId: string): Promise<boolean> {
    return Boolean(
      await Conversation.exists({
        _id: conversationId,
        status: trusted({ $in: ['assigned', 'active'] }),
        assigneeId: agentId,
      }),
    );
  }

  /**
   * Moves the reader's mark forward (never back, never past the last message). Returns the new
   * mark, or null when nothing changed or the reader is not a side of the chat (a supervisor
   * looking in does not mark the shopper's messages read).
   */
  async function markRead(
    actor: Actor,
    conversationId: string,
    seq: number,
  ): Promise<{ by: 'shopper' | 'agent'; seq: number } | null> {
    const doc = await findForActor(actor, conversationId);
    const by = !isStaff(actor) ? 'shopper' : doc.assigneeId === actor.username ? 'agent' : null;
    if (!by) return null;
    const field = by === 'shopper' ? 'shopperReadSeq' : 'agentReadSeq';
    // The stored summary may trail the newest message by a moment (see noteMessage).
    const pendingSeq = pendingSummaries.get(doc._id)?.lastSeq ?? 0;
    let upTo = Math.min(seq, Math.max(doc.lastSeq ?? 0, pendingSeq));
    if (upTo < seq && (await Message.exists({ _id: messageId(doc._id, seq) }))) upTo = seq;
    if (upTo <= (doc[field] ?? 0)) return null;
    await inConversationLane(() =>
      Conversation.updateOne({ _id: doc._id }, { $max: { [field]: upTo } }),
    );
    return { by, seq: upTo };
  }

  async function requeue(
    conversationId: string,
    priority: number,
    note: string,
    by: string | null,
  ) {
    const now = new Date();
    return inConversationLane(() =>
      Conversation.findOneAndUpdate(
        { _id: conversationId, status: trusted({ $in: ['assigned', 'active'] }) },
        {
          $set: { status: 'queued', assigneeId: null, assigneeName: null, queuedAt: now, priority },
          $push: { history: { at: now, event: 'requeued', by, note } },
        },
        { new: true },
      ).lean<ConversationDoc>(),
    );
  }

  async function transfer(
    agent: StaffSession,
    conversationId: string,
    to: { agentId: string; agentName: string } | { skill: string },
    note: string,
  ): Promise<ConversationDoc> {
    const current = await findForActor(agent, conversationId);
    if (current.status === 'closed')
      throw new AppError(ErrorCode.Validation, 'This conversation is closed.');
    const now = new Date();
    const set =
      'skill' in to
        ? { status: 'queued', skill: to.skill, assigneeId: null, assigneeName: null, queuedAt: now }
        : {
            status: 'assigned',
            assigneeId: to.agentId,
            assigneeName: to.agentName,
            assignedAt: now,
          };
    const updated = await inConversationLane(() =>
      Conversation.findOneAndUpdate(
        { _id: current._id, assigneeId: current.assigneeId, status: current.status },
        {
          $set: set,
          $push: { history: { at: now, event: 'transferred', by: agent.username, note } },
        },
        { new: true },
      ).lean<ConversationDoc>(),
    );
    if (!updated)
      throw new AppError(
        ErrorCode.Validation,
        'The conversation changed meanwhile; reload and retry.',
      );
    return updated;
  }

  async function close(
    actor: StaffSession,
    conversationId: string,
    disposition: string,
  ): Promise<ConversationDoc> {
    const current = await findForActor(actor, conversationId);
    const now = new Date();
    const closed = await inConversationLane(() =>
      Conversation.findOneAndUpdate(
        { _id: current._id, status: trusted({ $ne: 'closed' }) },
        {
          $set: { status: 'closed', closedAt: now, disposition },
          $push: { history: { at: now, event: 'closed', by: actor.username, note: disposition } },
        },
        { new: true },
      ).lean<ConversationDoc>(),
    );
    if (!closed) throw new AppError(ErrorCode.Validation, 'This conversation is already closed.');
    return closed;
  }

  /** The shopper rates their closed chat 1–5 (again: the new rating replaces the old). */
  async function rate(conversationId: string, rating: number): Promise<ConversationDoc | null> {
    return inConversationLane(() =>
      Conversation.findOneAndUpdate(
        { _id: conversationId, status: 'closed' },
        { $set: { satisfaction: rating } },
        { new: true },
      ).lean<ConversationDoc>(),
    );
  }

  /**
   * Keeps the list view's summary in step; runs after the message itself is durable. The
   * summary of a busy chat is written at most once per `SUMMARY_WINDOW_MS` (one write instead
   * of one per message); the first agent reply marks the chat active at once.
   */
  async function noteMessage(conversation: ConversationDoc, message: StoredMessage): Promise<void> {
    if (message.author.kind === 'agent' && conversation.status === 'assigned') {
      await inConversationLane(() =>
        Conversation.updateOne(
          { _id: conversation._id, status: 'assigned' },
          {
            $set: {
              status: 'active',
              ...(conversation.firstResponseAt ? {} : { firstResponseAt: message.createdAt }),
            },
          },
        ),
      );
    }
    const pending = pendingSummaries.get(conversation._id);
    pendingSummaries.set(conversation._id, {
      lastMessageAt: message.createdAt,
      lastMessagePreview: message.text.slice(0, 120),
      lastSeq: Math.max(message.seq, pending?.lastSeq ?? 0),
    });
    summaryTimer ??= setTimeout(() => void flushSummaries(), SUMMARY_WINDOW_MS);
  }

  const pendingSummaries = new Map<
    string,
    { lastMessageAt: Date; lastMessagePreview: string; lastSeq: number }
  >();
  let summaryTimer: NodeJS.Timeout | undefined;

  let summaryFlush: Promise<void> | null = null;

  /** Writes the waiting summaries, one flush at a time (also on shutdown). */
  async function flushSummaries(): Promise<void> {
    clearTimeout(summaryTimer);
    summaryTimer = undefined;
    while (summaryFlush) await summaryFlush;
    summaryFlush = writeSummaries().finally(() => (summaryFlush = null));
    await summaryFlush;
  }

  async function writeSummaries(): Promise<void> {
    // Entries stay until written: until then they are what this node knows of the last seq.
    const batch = [...pendingSummaries];
    // One at a time: SQLite (the embedded FerretDB) refuses an update that races another
    // writer (SQLITE_BUSY) instead of waiting, and these writes are not urgent.
    const failed: unknown[] = [];
    for (const [id, entry] of batch) {
      const { lastSeq, lastMessageAt, lastMessagePreview } = entry;
      try {
        await inConversationLane(() =>
          Conversation.updateOne(
            { _id: id },
            // $max: summaries of one chat written by two nodes never go backwards.
            { $max: { lastSeq, lastMessageAt }, $set: { lastMessagePreview } },
          ),
        );
        if (pendingSummaries.get(id) === entry) pendingSummaries.delete(id);
      } catch (error) {
        failed.push(error);
      }
    }
    // What failed stays pending and is tried again a little later.
    if (pendingSummaries.size)
      summaryTimer ??= setTimeout(() => void flushSummaries(), SUMMARY_RETRY_MS);
    if (failed.length) options.onSummaryError?.(failed[0]);
  }

  async function listForAgent(agent: StaffSession) {
    const [mine, queue] = await Promise.all([
      Conversation.find({
        assigneeId: agent.username,
        status: trusted({ $in: ['assigned', 'active'] }),
      })
        .sort({ lastMessageAt: -1 })
        .limit(100)
        .lean<ConversationDoc[]>(),
      Conversation.find({ status: 'queued' })
        .sort({ priority: -1, queuedAt: 1 })
        .limit(100)
        .lean<ConversationDoc[]>(),
    ]);
    return { mine, queue };
  }

  return {
    findForActor,
    openForVisitor,
    assign,
    isAssignedTo,
    markRead,
    requeue,
    transfer,
    close,
    rate,
    noteMessage,
    flushSummaries,
    listForAgent,
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
