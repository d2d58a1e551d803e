import type { z } from 'zod';
import { ErrorCode } from '../../shared/errors';
import {
  monitorTakeoverSchema,
  monitorUnwatchSchema,
  monitorWatchSchema,
  monitorWhisperSchema,
} from '../../shared/schemas/monitor';
import type { StaffSession } from '../auth/session-tokens';
import type { Assignment } from '../conversations/assignment';
import { presentConversation, presentMessage } from '../conversations/conversation-presenter';
import type { ConversationService } from '../conversations/conversation-service';
import type { MessageStore } from '../conversations/message-store';
import { AppError } from '../errors';
import type { Logger } from '../infra/logger';
import { canSuperviseAll, type Actor } from '../realtime/actor';
import { rooms } from '../realtime/rooms';
import type { ChatServer, ChatSocket } from '../realtime/socket-server';
import { registerHandler, type EventGate, type HandlerContext } from '../realtime/socket-handler';
import type { ChatRouting } from '../routing/chat-routing';

export interface MonitorHandlerDeps {
  io: ChatServer;
  logger: Logger;
  eventGate: EventGate;
  conversations: ConversationService;
  messages: MessageStore;
  assignment: Assignment;
  routing: ChatRouting;
}

function supervisorOf(actor: Actor): StaffSession {
  if (!canSuperviseAll(actor) || actor.kind !== 'staff')
    throw new AppError(ErrorCode.Forbidden, 'Only supervisors and admins use the live monitor.');
  return actor;
}

/**
 * The live monitor's events: read any live chat, whisper to its agent (staff only, never the
 * shopper), take it over. Registered on every socket so that everyone gets an answer.
 */
export function registerMonitorHandlers(socket: ChatSocket, deps: MonitorHandlerDeps): void {
  const actor = socket.data.actor;
  const ctx: HandlerContext = { socket, actor };
  const on = <S extends z.ZodType, T>(
    event: string,
    schema: S,
    fn: (input: z.infer<S>, supervisor: StaffSession) => Promise<T>,
  ) =>
    registerHandler(ctx, { logger: deps.logger, gate: deps.eventGate }, event, schema, (input) =>
      fn(input, supervisorOf(actor)),
    );

  on('monitor:watch', monitorWatchSchema, async ({ conversationId, afterSeq }, supervisor) => {
    const conversation = await deps.conversations.findForActor(supervisor, conversationId);
    // The shared room brings the chat's messages; the staff room its whispers.
    await socket.join([
      rooms.conversation(conversation._id),
      rooms.conversationStaff(conversation._id),
    ]);
    const messages = await deps.messages.readAfter(conversation._id, afterSeq ?? 0);
    return { messages: messages.map(presentMessage) };
  });

  on('monitor:unwatch', monitorUnwatchSchema, async ({ conversationId }) => {
    await socket.leave(rooms.conversation(conversationId));
    await socket.leave(rooms.conversationStaff(conversationId));
    return null;
  });

  on('monitor:whisper', monitorWhisperSchema, async (input, supervisor) => {
    const conversation = await deps.conversations.findForActor(supervisor, input.conversationId);
    if (conversation.status === 'closed')
      throw new AppError(ErrorCode.Validation, 'This conversation is closed.');
    const stored = await deps.messages.append({
      conversationId: conversation._id,
      clientMessageId: input.clientMessageId,
      text: input.text,
      author: { kind: 'agent', id: supervisor.username, name: supervisor.displayName },
      visibility: 'staff',
    });
    const message = presentMessage(stored);
    // Only staff: the assigned agent and the supervisors watching. Never the conversation's
    // room (the shopper is in it), and no noteMessage: a whisper is not a reply to the shopper.
    if (stored.created) {
      let target = deps.io.to(rooms.conversationStaff(conversation._id));
      if (conversation.assigneeId) target = target.to(rooms.agent(conversation.assigneeId));
      target.emit('message:new', message);
    }
    return { message, duplicate: !stored.created };
  });

  on('monitor:takeover', monitorTakeoverSchema, async ({ conversationId }, supervisor) => {
    const current = await deps.conversations.findForActor(supervisor, conversationId);
    if (current.status === 'closed')
      throw new AppError(ErrorCode.Validation, 'This conversation is closed.');
    if (current.assigneeId === supervisor.username)
      throw new AppError(ErrorCode.Validation, 'This chat is already yours.');
    await makeRoomFor(supervisor.username, current.skill);
    const me = { id: supervisor.username, name: supervisor.displayName };
    const taken =
      current.status === 'queued'
        ? await deps.assignment.claim(conversationId, me)
        : await deps.assignment.transfer(
            supervisor,
            conversationId,
            { agentId: me.id },
            'takeover',
          );
    return { conversation: presentConversation(taken) };
  });

  /**
   * Supervisors are not routing agents until they take a chat over: then they become one that
   * is 'away' (routing never hands them chats by itself) with the chat's skill and a free slot,
   * so the chat moves through routing like any transfer and their load counts.
   */
  async function makeRoomFor(supervisorId: string, skill: string): Promise<void> {
    const known = (await deps.routing.listAgents()).find((a) => a.agentId === supervisorId);
    const load = known?.load ?? (await deps.routing.agentLoad(supervisorId));
    await deps.routing.setAgent({
      agentId: supervisorId,
      skills: [...new Set([...(known?.skills ?? []), skill])],
      capacity: Math.max(known?.capacity ?? 0, load + 1),
      status: known?.status === 'online' ? 'online' : 'away',
    });
  }
}
