import { trusted } from 'mongoose';
import { elapsedMs, monitorFigures } from '../../shared/domain/live-monitor';
import type { MonitorAgent, MonitorQueueItem, MonitorSnapshot } from '../../shared/schemas/monitor';
import { StaffAccount } from '../auth/staff-account-model';
import { Conversation, type ConversationDoc } from '../conversations/conversation-model';
import { presentConversation } from '../conversations/conversation-presenter';
import type { ChatRouting } from '../routing/chat-routing';

/** Open chats read per snapshot: one scan of the conversations (FerretDB scans every query). */
const OPEN_CHATS_LIMIT = 1000;

interface StaffRow {
  username: string;
  displayName: string;
  role: string;
  skills?: string[] | null;
  maxConcurrentChats: number;
}

/**
 * What the supervisors' live monitor shows: queued and live chats from MongoDB (one query),
 * agents' status, capacity and load from routing (shared by every node when Redis is on), and
 * their names from the staff accounts.
 */
export function createMonitorService(deps: { routing: ChatRouting }) {
  async function snapshot(now = Date.now()): Promise<MonitorSnapshot> {
    const [open, routed, staff] = await Promise.all([
      Conversation.find(
        { status: trusted({ $in: ['queued', 'assigned', 'active'] }) },
        { history: 0 },
      )
        .limit(OPEN_CHATS_LIMIT)
        .lean<ConversationDoc[]>(),
      deps.routing.listAgents(),
      StaffAccount.find(
        { active: true, role: trusted({ $in: ['agent', 'supervisor', 'admin'] }) },
        { _id: 0, username: 1, displayName: 1, role: 1, skills: 1, maxConcurrentChats: 1 },
      ).lean<StaffRow[]>(),
    ]);

    const queue: MonitorQueueItem[] = open
      .filter((c) => c.status === 'queued')
      .map((c) => {
        const queuedAt = (c.queuedAt ?? c.createdAt).toISOString();
        return {
          conversationId: c._id,
          shopperName: c.shopperName,
          skill: c.skill,
          priority: c.priority ?? 0,
          queuedAt,
          waitingMs: elapsedMs(queuedAt, now),
        };
      })
      // The order routing serves them in: higher priority, then the longest waiting.
      .sort((a, b) => b.priority - a.priority || b.waitingMs - a.waitingMs);

    const live = open
      .filter((c) => c.status === 'assigned' || c.status === 'active')
      .map(presentConversation)
      .sort((a, b) =>
        (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt),
      );

    const accounts = new Map(staff.map((s) => [s.username, s]));
    const agents: MonitorAgent[] = routed.map((a) => {
      const account = accounts.get(a.agentId);
      return {
        agentId: a.agentId,
        displayName: account?.displayName ?? a.agentId,
        role: account?.role ?? 'agent',
        status: a.status,
        inGrace: a.inGrace,
        load: a.load,
        capacity: a.capacity,
        skills: a.skills,
      };
    });
    // Agents who have not connected since routing was (re)built are offline with no chats.
    const known = new Set(routed.map((a) => a.agentId));
    for (const s of staff) {
      if (s.role !== 'agent' || known.has(s.username)) continue;
      agents.push({
        agentId: s.username,
        displayName: s.displayName,
        role: s.role,
        status: 'offline',
        inGrace: false,
        load: 0,
        capacity: s.maxConcurrentChats,
        skills: s.skills ?? [],
      });
    }
    agents.sort(
      (a, b) =>
        statusOrder[a.status] - statusOrder[b.status] ||
        (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
    );

    return {
      at: new Date(now).toISOString(),
      queue,
      agents,
      live,
      stats: monitorFigures({ queue, agents }),
    };
  }

  return { snapshot };
}

const statusOrder = { online: 0, away: 1, offline: 2 } as const;

export type MonitorService = ReturnType<typeof createMonitorService>;
