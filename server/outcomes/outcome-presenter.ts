import type { OutcomeView } from '../../shared/schemas/outcome';
import type { OutcomeDoc } from './outcome-model';

export function presentOutcome(doc: OutcomeDoc): OutcomeView {
  return {
    conversationId: doc._id,
    visitorId: doc.visitorId,
    customerId: doc.customerId,
    shopperName: doc.shopperName,
    agentId: doc.agentId,
    agentName: doc.agentName,
    locale: doc.locale,
    segment: doc.segment,
    tier: doc.tier,
    openedAt: doc.openedAt.toISOString(),
    closedAt: doc.closedAt.toISOString(),
    day: doc.day,
    disposition: doc.disposition,
    order: doc.order,
    offers: doc.offers,
    objections: doc.objections,
    scripts: doc.scripts,
    stages: doc.stages,
    satisfaction: doc.satisfaction,
    timings: doc.timings,
    quality: doc.quality,
    updatedAt: doc.updatedAt.toISOString(),
  };
}
