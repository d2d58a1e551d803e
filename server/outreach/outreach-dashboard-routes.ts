import { Router } from 'express';
import { trusted } from 'mongoose';
import { MIN_SCRIPT_SAMPLE } from '../../shared/domain/kpis';
import { outreachKpis } from '../../shared/domain/outreach-kpis';
import type { StaffRole } from '../../shared/schemas/auth';
import {
  outreachDashboardQuerySchema,
  type OutreachDashboard,
  type OutreachDashboardQuery,
} from '../../shared/schemas/outreach';
import type { SessionTokens } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { parseInput } from '../http/validate';
import { daysOfRange } from '../outcomes/dashboard-query';
import { OutreachOutcome, type OutreachOutcomeDoc } from './outreach-outcome-model';

const readers: readonly StaffRole[] = ['supervisor', 'admin'];

/**
 * The outreach results of the tasks sent in a range of days: one read of `outreach_outcomes`
 * (one small record per sent task), summed here.
 */
export async function loadOutreachDashboard(
  query: OutreachDashboardQuery,
): Promise<OutreachDashboard> {
  const started = performance.now();
  daysOfRange(query.from, query.to); // a 400 for a range that is not one
  const rows = await OutreachOutcome.find(
    {
      day: trusted({ $gte: query.from, $lte: query.to }),
      ...(query.agent !== undefined ? { agentId: query.agent } : {}),
    },
    { kind: 1, attributed: 1, value: 1 },
  ).lean<Array<Pick<OutreachOutcomeDoc, 'kind' | 'attributed' | 'value'>>>();
  return {
    query,
    ...outreachKpis(rows, MIN_SCRIPT_SAMPLE),
    minSample: MIN_SCRIPT_SAMPLE,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** GET /api/dashboard/outreach?from&to[&agent] (shared/schemas/outreach.ts): supervisors, admins. */
export function outreachDashboardRouter(deps: { tokens: SessionTokens }): Router {
  const router = Router();
  router.get('/api/dashboard/outreach', requireStaff(deps.tokens, readers), async (req, res) => {
    const query = parseInput(outreachDashboardQuerySchema, req.query);
    res.json(await loadOutreachDashboard(query));
  });
  return router;
}
