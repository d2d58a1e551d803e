import { chooseAgentByConversion, isHighValue } from '../../shared/domain/value-routing';
import { dayOf, formatDay } from '../../shared/domain/utc-day';
import type { ConversationDoc } from '../conversations/conversation-model';
import type { Logger } from '../infra/logger';
import type { ChatRouting } from '../routing/chat-routing';
import { segmentConversionByAgent } from './dashboard-query';
import type { RollupCache } from './rollup-cache';

type Stats = Map<string, { asked: number; purchased: number }>;

/**
 * Value-aware routing (for createAssignment's `preferredAgent`): a high-value shopper's new chat
 * goes to the free online agent with the best conversion for the shopper's segment over the
 * last `days` (from the dashboards' rollups). Every decision, made or not, is logged with its
 * reason; a made one is also written into the chat's history.
 */
export function createValueRouting(deps: {
  routing: ChatRouting;
  segmentOf: (customerId: string | null) => Promise<{ segment: string; tier: string | null }>;
  logger: Logger;
  /** The node's copy of the rollups; without one they are read from the database. */
  rollups?: RollupCache;
  days?: number;
  minSample?: number;
  /** Per-segment statistics are read again after this long. */
  cacheMs?: number;
}) {
  const days = deps.days ?? 90;
  const cacheMs = deps.cacheMs ?? 60_000;
  const cache = new Map<string, { at: number; stats: Promise<Stats> }>();
  const statsFor = (segment: string): Promise<Stats> => {
    const held = cache.get(segment);
    if (held && Date.now() - held.at < cacheMs) return held.stats;
    const stats = segmentConversionByAgent(
      segment,
      formatDay(dayOf(Date.now()) - days),
      deps.rollups?.rows,
    );
    cache.set(segment, { at: Date.now(), stats });
    stats.catch(() => cache.delete(segment));
    return stats;
  };

  return async (doc: ConversationDoc): Promise<{ agentId: string; reason: string } | null> => {
    const { segment, tier } = await deps.segmentOf(doc.customerId ?? null);
    if (!isHighValue(segment, tier)) return null;
    const [agents, stats] = await Promise.all([deps.routing.listAgents(), statsFor(segment)]);
    const free = agents.filter((a) => a.status === 'online' && a.skills.includes(doc.skill));
    const choice = chooseAgentByConversion(segment, free, stats, deps.minSample);
    deps.logger.info(
      { conversationId: doc._id, segment, tier, agentId: choice.agentId, reason: choice.reason.en },
      'value routing decision',
    );
    return choice.agentId ? { agentId: choice.agentId, reason: choice.reason.en } : null;
  };
}
