import { Router } from 'express';
import {
  shopOrderBodySchema,
  shopOrderIdParamsSchema,
  shopRefundBodySchema,
  type ShopOrderResponse,
} from '../../../shared/schemas/shop-data';
import { requireShopApiKey } from '../../auth/shop-api-key';
import { parseInput } from '../../http/validate';
import type { Logger } from '../../infra/logger';
import { defaultTierRules, type TierRules } from '../member-tiers';
import { presentRecordedOrder, type RecordedOrder } from './order-documents';
import { recordOrder, type RecordOutcome } from './record-order';
import { refundOrder } from './refund-order';

export interface OrderIntakeDeps {
  apiKey: string;
  /** Called after an order or a refund was written (not for replays). */
  onOrderRecorded?: (order: RecordedOrder) => void;
  logger?: Logger;
  rules?: TierRules;
}

/**
 * The shop backend's door for orders, authenticated by its API key:
 *   POST /api/shop/orders                    201 recorded, 200 same order again, 409 conflict
 *   POST /api/shop/orders/:orderId/refund    200 (refunded now or before), 404 unknown order
 */
export function orderIntakeRouter(deps: OrderIntakeDeps): Router {
  const router = Router();
  const rules = deps.rules ?? defaultTierRules;
  const recorded = (outcome: RecordOutcome) => {
    if (outcome.replayed || !deps.onOrderRecorded) return;
    try {
      deps.onOrderRecorded(outcome.order);
    } catch (err) {
      // The order is stored; a listener's failure must not make the shop send it again.
      deps.logger?.warn({ err, orderId: outcome.order.orderId }, 'order listener failed');
    }
  };

  router.use('/api/shop', requireShopApiKey(deps.apiKey));

  router.post('/api/shop/orders', async (req, res) => {
    const order = parseInput(shopOrderBodySchema, req.body);
    const outcome = await recordOrder(order, rules);
    recorded(outcome);
    res.status(outcome.replayed ? 200 : 201).json(present(outcome));
  });

  router.post('/api/shop/orders/:orderId/refund', async (req, res) => {
    const { orderId } = parseInput(shopOrderIdParamsSchema, req.params);
    const body = parseInput(shopRefundBodySchema, req.body ?? {});
    const refundedAt = body.refundedAt ? new Date(body.refundedAt) : new Date();
    const outcome = await refundOrder(orderId, refundedAt, rules);
    recorded(outcome);
    res.status(200).json(present(outcome));
  });

  return router;
}

function present(outcome: RecordOutcome): ShopOrderResponse {
  return {
    order: presentRecordedOrder(outcome.order),
    customer: outcome.customer,
    pointsChange: outcome.pointsChange,
    replayed: outcome.replayed,
  };
}
