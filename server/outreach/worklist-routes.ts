import { Router, type Request } from 'express';
import {
  outreachTaskParamsSchema,
  outreachWorklistQuerySchema,
  sendOutreachSchema,
  skipOutreachTaskSchema,
} from '../../shared/schemas/outreach';
import type { StaffRole } from '../../shared/schemas/auth';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { parseInput } from '../http/validate';
import type { OutreachDelivery } from './delivery-service';
import type { WorklistService } from './worklist-service';

const workers: readonly StaffRole[] = ['agent', 'supervisor', 'admin'];

/**
 * The outbound worklist: GET /api/outreach/tasks(?status=open|sent&mine=1), GET …/:id,
 * POST …/:id/claim, POST …/:id/skip {reason}, POST …/:id/send {text, clientMessageId, script…}.
 * Trainers review chats; they do not call customers.
 */
export function worklistRouter(deps: {
  tokens: SessionTokens;
  worklist: WorklistService;
  delivery: OutreachDelivery;
}): Router {
  const router = Router();
  const guard = requireStaff(deps.tokens, workers);
  const staffOf = (req: Request) => req.res?.locals.staff as StaffSession;
  const idOf = (req: Request) => parseInput(outreachTaskParamsSchema, req.params).id;

  router.get('/api/outreach/tasks', guard, async (req, res) => {
    const query = parseInput(outreachWorklistQuerySchema, req.query);
    res.set('cache-control', 'no-store');
    res.json(await deps.worklist.list(staffOf(req), query));
  });

  router.get('/api/outreach/tasks/:id', guard, async (req, res) => {
    res.set('cache-control', 'no-store');
    res.json(await deps.worklist.detail(staffOf(req), idOf(req)));
  });

  router.post('/api/outreach/tasks/:id/claim', guard, async (req, res) => {
    res.json({ task: await deps.worklist.claim(staffOf(req), idOf(req)) });
  });

  router.post('/api/outreach/tasks/:id/skip', guard, async (req, res) => {
    const id = idOf(req);
    const { reason } = parseInput(skipOutreachTaskSchema, req.body ?? {});
    res.json({ task: await deps.worklist.skip(staffOf(req), id, reason) });
  });

  router.post('/api/outreach/tasks/:id/send', guard, async (req, res) => {
    const id = idOf(req);
    const input = parseInput(sendOutreachSchema, req.body ?? {});
    res.json(await deps.delivery.send(staffOf(req), id, input));
  });

  return router;
}
