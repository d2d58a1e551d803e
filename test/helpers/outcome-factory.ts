import type { OutcomeDoc } from '../../server/outcomes/outcome-model';

/**
 * An outcome record as the closing code stores it: a chat closed at noon UTC of `day` by
 * `agent` with a customer of `segment`; every other field from `overrides` or a plain default
 * (not interested, the shopper wrote once and got one answer, nothing offered or rated).
 */
export function outcomeDoc(
  id: string,
  day: string,
  agent: { agentId: string | null; agentName: string | null },
  segment: string,
  overrides: Partial<OutcomeDoc> = {},
): OutcomeDoc {
  const closedAt = new Date(`${day}T12:00:00.000Z`);
  return {
    _id: id,
    visitorId: `v-${id}`,
    customerId: segment === 'unknown' ? null : `cust-${id}`,
    shopperName: `顾客 ${id}`,
    agentId: agent.agentId,
    agentName: agent.agentName,
    locale: 'zh-CN',
    segment,
    tier: null,
    openedAt: new Date(closedAt.getTime() - 15 * 60_000),
    closedAt,
    day,
    disposition: 'not_interested',
    order: null,
    offers: [],
    objections: [],
    scripts: [],
    stages: [],
    satisfaction: null,
    timings: {
      shopperMessages: 1,
      agentMessages: 1,
      firstResponseMs: 5_000,
      responseMsTotal: 5_000,
      responses: 1,
      handleMs: 60_000,
    },
    quality: [],
    updatedAt: closedAt,
    ...overrides,
  };
}
