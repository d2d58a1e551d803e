import { Router } from 'express';
import { ErrorCode } from '../../../shared/errors';
import { signShopCustomer } from '../../auth/shop-identity';
import { AppError } from '../../errors';
import type { ProfileService } from './profile-service';

/**
 * `GET /api/demo/shop-customers`: lets the demo shop (/shop) act as one of its customers, so a
 * newcomer sees a real profile beside the chat. Each comes with a fresh shop customer token, as a
 * shop's own backend would issue it. Never in production: it would let anyone be anyone.
 */
export function demoShopRouter(deps: {
  enabled: boolean;
  shopIdentitySecret: string;
  profiles: ProfileService;
}): Router {
  const router = Router();
  router.get('/api/demo/shop-customers', async (_req, res) => {
    if (!deps.enabled) throw new AppError(ErrorCode.NotFound, 'There is no demo shop here.');
    const customers = await deps.profiles.demoCustomers();
    res.set('cache-control', 'no-store');
    res.json({
      customers: customers.map((c) => ({
        ...c,
        shopCustomerToken: signShopCustomer(deps.shopIdentitySecret, c.customerId),
      })),
    });
  });
  return router;
}
