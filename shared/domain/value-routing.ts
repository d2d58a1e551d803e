import { eightClassInfo, type EightClass } from './rfm-eight-classes';
import { wilsonInterval } from './kpis';

/** The RFM classes whose chats go to the agent who converts them best (重要价值 and 重要保持). */
export const HIGH_VALUE_SEGMENTS: readonly string[] = ['重要价值', '重要保持'];
/** The VIP member tier counts as high value whatever the RFM class. */
export const HIGH_VALUE_TIERS: readonly string[] = ['diamond'];
/** An agent needs this many asked chats in the segment before their conversion is trusted. */
export const MIN_ROUTING_SAMPLE = 10;

export interface RoutingCandidate {
  agentId: string;
  load: number;
  capacity: number;
}

export interface ValueRoutingChoice {
  agentId: string | null;
  /** Why, in both languages: logged and written into the chat's history. */
  reason: { 'zh-CN': string; en: string };
}

export const isHighValue = (segment: string, tier: string | null) =>
  HIGH_VALUE_SEGMENTS.includes(segment) || (tier !== null && HIGH_VALUE_TIERS.includes(tier));

const percent = (x: number) => `${(x * 100).toFixed(0)}%`;

/**
 * Of the agents free to take the chat now, the one with the best conversion for the shopper's
 * segment, judged by the lower end of the Wilson 95% interval (so 3 of 3 does not beat 40 of
 * 60). Agents with fewer than `minSample` asked chats in the segment are not judged; when no
 * free agent has enough data, nobody is chosen and the usual routing decides.
 */
export function chooseAgentByConversion(
  segment: string,
  candidates: readonly RoutingCandidate[],
  stats: ReadonlyMap<string, { asked: number; purchased: number }>,
  minSample = MIN_ROUTING_SAMPLE,
): ValueRoutingChoice {
  const label = eightClassInfo[segment as EightClass]?.label ?? { 'zh-CN': segment, en: segment };
  const judged = candidates
    .filter((c) => c.load < c.capacity)
    .map((c) => {
      const s = stats.get(c.agentId) ?? { asked: 0, purchased: 0 };
      return { ...c, ...s, low: wilsonInterval(s.purchased, s.asked)?.low ?? 0 };
    })
    .filter((c) => c.asked >= minSample)
    .sort((a, b) => b.low - a.low || a.load - b.load || (a.agentId < b.agentId ? -1 : 1));
  const best = judged[0];
  if (!best)
    return {
      agentId: null,
      reason: {
        'zh-CN': `空闲客服在「${label['zh-CN']}」客户上的咨询都不足 ${minSample} 次，按常规分配`,
        en: `No free agent has ${minSample} asked chats with ${label.en} customers yet: usual routing`,
      },
    };
  const rate = best.purchased / best.asked;
  return {
    agentId: best.agentId,
    reason: {
      'zh-CN': `高价值客户（${label['zh-CN']}）：${best.agentId} 对该类客户询单转化率 ${percent(rate)}（${best.purchased}/${best.asked}，95% 下限 ${percent(best.low)}），在 ${judged.length} 位有数据的空闲客服中最高`,
      en: `High-value customer (${label.en}): ${best.agentId} converts ${percent(rate)} of them (${best.purchased}/${best.asked}, 95% lower bound ${percent(best.low)}), best of ${judged.length} free agents with data`,
    },
  };
}
