import { trusted } from 'mongoose';
import type { StaffAccount as StaffAccountModel } from '../auth/staff-account-model';
import type { RoutingState } from '../routing/chat-routing';
import { Conversation, type ConversationDoc } from './conversation-model';

/**
 * The routing state as MongoDB knows it, to rebuild Redis after it lost its data. Agents come
 * back offline; each node re-announces the agents connected to it.
 */
export async function loadRoutingState(staff: typeof StaffAccountModel): Promise<RoutingState> {
  const [queued, assigned, agents] = await Promise.all([
    Conversation.find({ status: 'queued' }).lean<ConversationDoc[]>(),
    Conversation.find({ status: trusted({ $in: ['assigned', 'active'] }) }).lean<
      ConversationDoc[]
    >(),
    staff.find({ role: 'agent', active: true }).lean(),
  ]);
  return {
    queued: queued.map((c) => ({
      conversationId: c._id,
      skill: c.skill,
      priority: c.priority ?? 0,
      enqueuedAt: (c.queuedAt ?? c.createdAt).getTime(),
    })),
    assignments: assigned
      .filter((c) => c.assigneeId)
      .map((c) => ({
        conversationId: c._id,
        agentId: c.assigneeId!,
        skill: c.skill,
        priority: c.priority ?? 0,
      })),
    agents: agents.map((a) => ({
      agentId: a.username,
      skills: a.skills ?? [],
      capacity: a.maxConcurrentChats,
      status: 'offline' as const,
    })),
  };
}

/** Chats routing believes `agentId` holds but the database gave to nobody or someone else. */
export async function staleAssignments(agentId: string, held: string[]): Promise<string[]> {
  if (!held.length) return [];
  const current = await Conversation.find(
    {
      _id: trusted({ $in: held }),
      assigneeId: agentId,
      status: trusted({ $in: ['assigned', 'active'] }),
    },
    { _id: 1 },
  )

    .lean<Array<{ _id: string }>>();
  const still = new Set(current.map((c) => c._id));
  return held.filter((id) => !still.has(id));
}
