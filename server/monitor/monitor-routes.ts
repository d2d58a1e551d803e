import { Router } from 'express';
import type { StaffRole } from '../../shared/schemas/auth';
import type { SessionTokens } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import type { MonitorService } from './monitor-service';

const supervisors: readonly StaffRole[] = ['supervisor', 'admin'];

/** GET /api/monitor: the live monitor's snapshot, for supervisors and admins. */
export function monitorRouter(deps: { tokens: SessionTokens; monitor: MonitorService }): Router {
  const router = Router();
  router.get('/api/monitor', requireStaff(deps.tokens, supervisors), async (_req, res) => {
    res.json(await deps.monitor.snapshot());
  });
  return router;
}
