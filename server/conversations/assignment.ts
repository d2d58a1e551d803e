import { ErrorCode } from '../../shared/errors';
import { AppError } from '../errors';
import type { StaffSession } from '../auth/session-tokens';
import type { Logger } from '../infra/logger';
import { rooms } from '../realtime/rooms';
import type { ChatServer } from '../realtime/socket-server';
import type { AssignStrategy, ChatRouting } from '../routing/chat-routing';
import type { ConversationDoc } from './conversation-model';
import { presentConversation } from './conversation-presenter';
import type { ConversationService } from './conversation-service';

const claimRefusals: Record<string, string> = {
  'not-queued': 'This chat is no longer waiting in the queue.',
  taken: 'Another agent took this chat a moment ago.',
  'agent-unavailable': 'Set your status to online or away to take chats.',
  'lacks-skill': 'This chat needs a skill you do not have.',
  'at-capacity': 'You are at your chat limit; close a chat first.',
  mine: 'This chat is already yours.',
};

const transferRefusals: Record<string, string> = {
  taken: 'The conversation changed meanwhile; reload and retry.',
  'not-queued': 'The conversation changed meanwhile; reload and retry.',
  'agent-unavailable': 'That agent is not online or away.',
  'lacks-skill': 'That agent does not have the skill this chat needs.',
  'at-capacity': 'That agent is at their chat limit.',
};

/**
 * Joins routing (who should take a chat, atomically, across nodes) with the database (the
 * chat's state, changed by compare-and-set) and tells the sockets involved.
 */
export function createAssignment(deps: {
  io: ChatServer;
  routing: ChatRouting;
  conversations: ConversationService;
  logger: Logger;
  strategy: AssignStrategy;
  agentName: (agentId: string) => Promise<string>;
  /**
   * Value-aware routing: the agent a new chat should go to rather than the usual pick (a
   * high-value shopper to the agent who converts such shoppers best), with the reason; null
   * leaves it to the usual routing.
   */
  preferredAgent?: (doc: ConversationDoc) => Promise<{ agentId: string; reason: string } | null>;
  /** The queue or someone's load changed (the supervisors' live monitor refetches). */
  onChanged?: () => void;
}) {
  const { io, routing, conversations, logger } = deps;

  async function announceQueue(): Promise<void> {
    deps.onChanged?.();
    const stats = await routing.queueSnapshot(Date.now());
    io.to(rooms.queueWatchers).emit('queue:changed', {
      waiting: stats.reduce((n, s) => n + s.length, 0),
    });
  }

  async function handOver(doc: ConversationDoc): Promise<void> {
    if (!doc.assigneeId) return;
    io.in(rooms.agent(doc.assigneeId)).socketsJoin(rooms.conversation(doc._id));
    const view = presentConversation(doc);
    io.to(rooms.agent(doc.assigneeId))
      .to(rooms.conversation(doc._id))
      .to(rooms.supervisors)
      .emit('conversation:updated', view);
  }

  let draining: Promise<void> | null = null;
  let drainAgain = false;

  /**
   * Assigns queued chats while some agent has room. One pass at a time per node: a call during
   * a pass asks for one more pass and shares its promise, so a burst of new chats costs a few
   * passes instead of one each, and no caller is kept waiting by everyone else's chats forever.
   */
  function drain(): Promise<void> {
    if (draining) {
      drainAgain = true;
      return draining;
    }
    draining = (async () => {
      try {
        do {
          drainAgain = false;
          await drainPass();
        } while (drainAgain);
      } finally {
        draining = null;
      }
    })();
    return draining;
  }

  async function drainPass(): Promise<void> {
    for (;;) {
      const next = await routing.assignNext(deps.strategy);
      if (!next) break;
      const doc = await conversations.assign(
        next.conversationId,
        { id: next.agentId, name: await deps.agentName(next.agentId) },
        null,
      );
      if (!doc) {
        // Closed or taken in the database meanwhile: give the capacity back.
        await routing.release(next.conversationId, next.agentId);
        continue;
      }
      logger.info(
        { conversationId: doc._id, agentId: next.agentId, strategy: deps.strategy },
        'chat assigned',
      );
      await handOver(doc);
    }
    await announceQueue();
  }

  /** Chats stored as queued whose routing entry could not be written yet (Redis blinked). */
  const unrouted = new Map<string, ConversationDoc>();

  async function enqueue(doc: ConversationDoc): Promise<void> {
    let queued;
    try {
      queued = await routing.enqueue(queuedChat(doc));
    } catch (error) {
      unrouted.set(doc._id, doc);
      throw error;
    }
    if (queued === 'queued' && deps.preferredAgent && (await assignPreferred(doc))) {
      await announceQueue();
      return;
    }
    await drain();
  }

  /** Gives a new chat to the agent value-aware routing prefers, if they can still take it. */
  async function assignPreferred(doc: ConversationDoc): Promise<boolean> {
    const preferred = await deps.preferredAgent!(doc).catch((err: unknown) => {
      logger.warn({ err, conversationId: doc._id }, 'value routing skipped');
      return null;
    });
    if (!preferred) return false;
    const claimed = await routing.claim(doc._id, preferred.agentId);
    if (!claimed.ok) return false;
    const assigned = await conversations.assign(
      doc._id,
      { id: preferred.agentId, name: await deps.agentName(preferred.agentId) },
      null,
      preferred.reason,
    );
    if (!assigned) {
      await routing.release(doc._id, preferred.agentId);
      return false;
    }
    logger.info(
      { conversationId: doc._id, agentId: preferred.agentId, reason: preferred.reason },
      'chat assigned by value-aware routing',
    );
    await handOver(assigned);
    return true;
  }

  /** Retried on every grace tick; a chat closed meanwhile is dropped again by the next drain. */
  async function retryUnrouted(): Promise<void> {
    for (const [id, doc] of unrouted) {
      await routing.enqueue(queuedChat(doc));
      unrouted.delete(id);
    }
  }

  const queuedChat = (doc: ConversationDoc) => ({
    conversationId: doc._id,
    skill: doc.skill,
    priority: doc.priority ?? 0,
    enqueuedAt: (doc.queuedAt ?? new Date()).getTime(),
  });

  async function claim(
    conversationId: string,
    agent: { id: string; name: string },
  ): Promise<ConversationDoc> {
    const refuse = (reason: string) =>
      new AppError(ErrorCode.Validation, claimRefusals[reason] ?? 'This chat cannot be taken.');
    // Routing answers "ok" to claiming one's own chat; the refusal must not release it.
    if (await conversations.isAssignedTo(conversationId, agent.id)) throw refuse('mine');
    const result = await routing.claim(conversationId, agent.id);
    if (!result.ok) throw refuse(result.reason);
    const doc = await conversations.assign(conversationId, agent, agent.id);
    if (!doc) {
      if (await conversations.isAssignedTo(conversationId, agent.id)) throw refuse('mine');
      await routing.release(conversationId, agent.id);
      throw refuse('taken');
    }
    await handOver(doc);
    await announceQueue();
    return doc;
  }

  async function closed(doc: ConversationDoc, previousAssignee: string | null): Promise<void> {
    if (previousAssignee) await routing.release(doc._id, previousAssignee);
    else await routing.dequeue(doc._id);
    await drain();
  }

  /**
   * Hands a chat to a named agent (who must have the skill and room) or back to a skill's queue.
   * To an agent, routing moves the chat in one atomic step first (so a refusal changes nothing),
   * then the database compare-and-set, undone in routing if it fails. To a queue, the database
   * goes first, so routing never offers a chat the database still gives to its old agent.
   */
  async function transfer(
    from: StaffSession,
    conversationId: string,
    to: { agentId: string } | { skill: string },
    note: string,
  ): Promise<ConversationDoc> {
    const current = await conversations.findForActor(from, conversationId);
    if (current.status === 'closed' || !current.assigneeId) {
      throw new AppError(ErrorCode.Validation, 'Only an assigned, open chat can be transferred.');
    }
    const holder = current.assigneeId;
    let moved: ConversationDoc;
    if ('agentId' in to) {
      if (to.agentId === holder)
        throw new AppError(ErrorCode.Validation, 'This chat is already with that agent.');
      const result = await routing.move(conversationId, holder, to.agentId);
      if (!result.ok)
        throw new AppError(
          ErrorCode.Validation,
          transferRefusals[result.reason] ?? 'That agent cannot take this chat.',
        );
      const target = { agentId: to.agentId, agentName: await deps.agentName(to.agentId) };
      try {
        moved = await conversations.transfer(from, conversationId, target, note);
      } catch (error) {
        const back = await routing.move(conversationId, to.agentId, holder);
        if (!back.ok)
          logger.warn({ conversationId, holder, reason: back.reason }, 'transfer undo refused');
        throw error;
      }
    } else {
      moved = await conversations.transfer(from, conversationId, { skill: to.skill }, note);
      await routing.release(conversationId, holder);
      await routing.enqueue({
        conversationId,
        skill: to.skill,
        priority: current.priority ?? 0,
        enqueuedAt: (moved.queuedAt ?? new Date()).getTime(),
      });
    }
    io.in(rooms.agent(holder)).socketsLeave(rooms.conversation(conversationId));
    io.to(rooms.agent(holder)).emit('conversation:updated', presentConversation(moved));
    deps.onChanged?.();
    if (moved.assigneeId) await handOver(moved);
    else {
      io.to(rooms.conversation(conversationId)).emit(
        'conversation:updated',
        presentConversation(moved),
      );
      await drain();
    }
    return moved;
  }

  /** Chats whose agent stayed away past the grace period go back to the queue, first in line. */
  async function expireGrace(now = Date.now()): Promise<number> {
    if (unrouted.size) {
      await retryUnrouted();
      await drain();
    }
    const requeued = await routing.expireGrace(now);
    for (const chat of requeued) {
      const doc = await conversations.requeue(
        chat.conversationId,
        chat.priority,
        'agent disconnected',
        null,
      );
      if (doc) {
        io.in(rooms.agent(chat.previousAgentId)).socketsLeave(
          rooms.conversation(chat.conversationId),
        );
        io.to(rooms.conversation(chat.conversationId)).emit(
          'conversation:updated',
          presentConversation(doc),
        );
      }
    }
    if (requeued.length) await drain();
    return requeued.length;
  }

  return { enqueue, drain, claim, transfer, closed, expireGrace, announceQueue };
}

export type Assignment = ReturnType<typeof createAssignment>;
