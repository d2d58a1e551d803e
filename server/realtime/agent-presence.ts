import { ErrorCode } from '../../shared/errors';
import { agentStatusSchema } from '../../shared/schemas/conversation';
import { AppError } from '../errors';
import type { Assignment } from '../conversations/assignment';
import { staleAssignments } from '../conversations/routing-state';
import type { Logger } from '../infra/logger';
import type { ChatRouting } from '../routing/chat-routing';
import { isStaff } from './actor';
import { rooms } from './rooms';
import type { ChatServer, ChatSocket } from './socket-server';
import { registerHandler, type EventGate } from './socket-handler';

export interface AgentProfile {
  skills: string[];
  capacity: number;
}

/**
 * An agent is online while at least one of their sockets is connected on any node. When the
 * last one goes, their chats stay theirs for a grace period before returning to the queue.
 */
export async function registerAgentPresence(
  socket: ChatSocket,
  deps: {
    io: ChatServer;
    routing: ChatRouting;
    assignment: Assignment;
    logger: Logger;
    eventGate: EventGate;
    graceMs: number;
    agentProfile: (agentId: string) => Promise<AgentProfile | null>;
    /** The agent's status or load changed (the supervisors' live monitor refetches). */
    onChanged?: () => void;
  },
): Promise<void> {
  const actor = socket.data.actor;
  if (!isStaff(actor) || actor.role !== 'agent') {
    // Everyone else is answered, never left waiting for an acknowledgement.
    registerHandler(
      { socket, actor },
      { logger: deps.logger, gate: deps.eventGate },
      'agent:status',
      agentStatusSchema,
      () => Promise.reject(new AppError(ErrorCode.Forbidden, 'Only agents have a chat status.')),
    );
    return;
  }
  const agentId = actor.username;
  // Events may arrive while the agent is being announced; they wait for it to finish.
  const announced = announce();
  registerHandler(
    { socket, actor },
    { logger: deps.logger, gate: deps.eventGate },
    'agent:status',
    agentStatusSchema,
    async ({ status }) => {
      await announced;
      await deps.routing.setAgentStatus(agentId, status);
      deps.onChanged?.();
      if (status === 'online') await deps.assignment.drain();
      return { status };
    },
  );
  socket.on('disconnect', async () => {
    try {
      await announced;
      const remaining = await deps.io.in(rooms.agent(agentId)).fetchSockets();
      if (remaining.length === 0) {
        await deps.routing.agentDisconnected(agentId, deps.graceMs, Date.now());
        deps.onChanged?.();
      }
    } catch (err) {
      deps.logger.warn({ err, agentId }, 'could not record the agent leaving');
    }
  });
  await announced;

  async function announce(): Promise<void> {
    const profile = await deps.agentProfile(agentId);
    if (!profile) return;
    await deps.routing.setAgent({
      agentId,
      skills: profile.skills,
      capacity: profile.capacity,
      status: 'online',
    });
    const held = await deps.routing.agentReconnected(agentId, 'online');
    deps.onChanged?.();
    // Redis may remember chats the database has since closed or moved (e.g. after a crash).
    const stale = await staleAssignments(agentId, held);
    for (const conversationId of stale) await deps.routing.release(conversationId, agentId);
    const kept = held.filter((id) => !stale.includes(id));
    if (kept.length) await socket.join(kept.map(rooms.conversation));
    await deps.assignment.drain();
  }
}
