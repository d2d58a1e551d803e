import { Router } from 'express';
import { orderEventSchema, type OrderEventResponse } from '../../shared/schemas/outreach';
import { requireShopApiKey } from '../auth/shop-api-key';
import { parseInput } from '../http/validate';
import type { Logger } from '../infra/logger';
import { presentOrderState, recordOrderEvent, type RecordedOrderEvent } from './record-order-event';

export interface OrderEventRouterDeps {
  /** The shop backend's Bearer key (the same as for /api/shop/orders). */
  apiKey: string;
  /** Called after an event was stored (and when a replay repaired the order's state). */
  onOrderEvent?: (recorded: RecordedOrderEvent) => void;
  logger?: Logger;
}

/**
 * The shop backend's order events (created, paid, shipped, delivered, refunded):
 *   POST /api/shop/order-events   201 stored, 200 `replayed` for the same event again,
 *                                 409 E_ORDER_CONFLICT, 422 E_UNKNOWN_CUSTOMER, 400 bad input
 */
export function orderEventRouter(deps: OrderEventRouterDeps): Router {
  const router = Router();
  router.post('/api/shop/order-events', requireShopApiKey(deps.apiKey), async (req, res) => {
    const input = parseInput(orderEventSchema, req.body);
    const recorded = await recordOrderEvent(input);
    if ((!recorded.replayed || recorded.changed) && deps.onOrderEvent) {
      try {
        deps.onOrderEvent(recorded);
      } catch (err) {
        // The event is stored; a listener's failure must not make the shop send it again.
        deps.logger?.warn({ err, eventId: input.eventId }, 'order event listener failed');
      }
    }
    const body: OrderEventResponse = {
      event: { ...recorded.event, at: recorded.event.at.toISOString() },
      order: presentOrderState(recorded.order),
      replayed: recorded.replayed,
    };
    res.status(recorded.replayed ? 200 : 201).json(body);
  });
  return router;
}
