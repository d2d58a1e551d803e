import { Router } from 'express';
import type { StaffRole } from '../../shared/schemas/auth';
import { dashboardQuerySchema } from '../../shared/schemas/dashboard';
import { recordAudit } from '../audit/audit-model';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { parseInput } from '../http/validate';
import { dashboardCsv } from './dashboard-csv';
import { loadAgentDays, loadDashboard } from './dashboard-query';
import type { RollupCache } from './rollup-cache';

const readers: readonly StaffRole[] = ['supervisor', 'admin'];

/**
 * The supervisor dashboard: GET /api/dashboard?from&to[&agent][&segment] (shared/schemas/
 * dashboard.ts) and the same range as CSV at GET /api/dashboard/export.csv, one row per agent ×
 * day (audited: an export leaves the system). Supervisors and admins only.
 */
export function dashboardRouter(deps: { tokens: SessionTokens; rollups?: RollupCache }): Router {
  const router = Router();
  const guard = requireStaff(deps.tokens, readers);

  router.get('/api/dashboard', guard, async (req, res) => {
    const query = parseInput(dashboardQuerySchema, req.query);
    res.json(await loadDashboard(query, deps.rollups?.rows));
  });

  router.get('/api/dashboard/export.csv', guard, async (req, res) => {
    const query = parseInput(dashboardQuerySchema, req.query);
    const rows = await loadAgentDays(query, deps.rollups?.rows);
    const staff = res.locals.staff as StaffSession;
    await recordAudit({
      actor: staff.username,
      action: 'dashboard.export',
      subject: `dashboard:${query.from}..${query.to}`,
      details: {
        from: query.from,
        to: query.to,
        agent: query.agent ?? null,
        segment: query.segment ?? null,
        rows: rows.length,
      },
      address: req.ip ?? null,
    });
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set('content-disposition', `attachment; filename="dashboard-${query.from}-${query.to}.csv"`)
      .set('cache-control', 'no-store')
      .send(dashboardCsv(rows));
  });

  return router;
}
