import { Router, type Request } from 'express';
import { ErrorCode } from '../../shared/errors';
import type { StaffRole } from '../../shared/schemas/auth';
import {
  outreachOptOutParamsSchema,
  outreachOptOutSchema,
  type OutreachOptOutResponse,
} from '../../shared/schemas/outreach';
import { recordAudit } from '../audit/audit-model';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireShopApiKey } from '../auth/shop-api-key';
import { requireStaff } from '../auth/staff-guard';
import { Customer } from '../customers/customer-model';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';

const staffRoles: readonly StaffRole[] = ['agent', 'supervisor', 'admin'];

/** Sets the flag; the value it had before, or null when there is no such customer. */
async function setOptOut(customerId: string, optOut: boolean): Promise<boolean | null> {
  const before = await Customer.findOne({ customerId }, { _id: 1, outreachOptOut: 1 }).lean<{
    _id: unknown;
    outreachOptOut?: boolean;
  }>();
  if (!before) return null;
  // By _id: the one fast lookup on FerretDB.
  await Customer.updateOne({ _id: before._id }, { $set: { outreachOptOut: optOut } });
  return before.outreachOptOut ?? false;
}

const noCustomer = (customerId: string) =>
  new AppError(ErrorCode.NotFound, `There is no customer ${customerId}.`);

/**
 * A customer's "no outreach" wish (拒绝营销), honoured by every outreach rule from the next plan:
 *   PUT /api/shop/customers/:customerId/outreach-opt-out   the shop backend (Bearer key)
 *   PUT /api/customers/:customerId/outreach-opt-out        agents, supervisors, admins (audited)
 * Body `{ optOut: boolean }`; answer `{ customerId, optOut }`; 404 for an unknown customer.
 */
export function outreachOptOutRouter(deps: { tokens: SessionTokens; apiKey: string }): Router {
  const router = Router();
  const by = (req: Request) => (req.res?.locals.staff as StaffSession).username;

  router.put(
    '/api/shop/customers/:customerId/outreach-opt-out',
    requireShopApiKey(deps.apiKey),
    async (req, res) => {
      const { customerId } = parseInput(outreachOptOutParamsSchema, req.params);
      const { optOut } = parseInput(outreachOptOutSchema, req.body);
      const before = await setOptOut(customerId, optOut);
      if (before === null) throw noCustomer(customerId);
      if (before !== optOut) {
        await recordAudit({
          actor: 'system',
          action: 'customer.outreach_opt_out',
          subject: `customer:${customerId}`,
          details: { optOut, source: 'shop' },
          address: req.ip ?? null,
        });
      }
      const body: OutreachOptOutResponse = { customerId, optOut };
      res.json(body);
    },
  );

  router.put(
    '/api/customers/:customerId/outreach-opt-out',
    requireStaff(deps.tokens, staffRoles),
    async (req, res) => {
      const { customerId } = parseInput(outreachOptOutParamsSchema, req.params);
      const { optOut } = parseInput(outreachOptOutSchema, req.body);
      const before = await setOptOut(customerId, optOut);
      if (before === null) throw noCustomer(customerId);
      await recordAudit({
        actor: by(req),
        action: 'customer.outreach_opt_out',
        subject: `customer:${customerId}`,
        details: { optOut, before },
        address: req.ip ?? null,
      });
      const body: OutreachOptOutResponse = { customerId, optOut };
      res.json(body);
    },
  );

  return router;
}
