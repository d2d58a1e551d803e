import { Router } from 'express';
import { z } from 'zod';
import type { StaffRole } from '../../shared/schemas/auth';
import { outcomeEditSchema } from '../../shared/schemas/outcome';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { parseInput } from '../http/validate';
import { presentOutcome } from './outcome-presenter';
import type { OutcomeService } from './outcome-service';

const conversationParam = z.strictObject({ conversationId: z.uuid() });
const readers: readonly StaffRole[] = ['agent', 'supervisor', 'trainer', 'admin'];
const editors: readonly StaffRole[] = ['agent', 'supervisor', 'admin'];

/**
 * GET /api/outcomes/:conversationId: an agent reads their own chats' outcomes, supervisors,
 * trainers and admins any. PATCH: the chat's agent or a supervisor corrects it, with a reason
 * that goes into the audit log with the old and new values.
 */
export function outcomeRouter(deps: { tokens: SessionTokens; outcomes: OutcomeService }): Router {
  const router = Router();
  const staff = (res: { locals: Record<string, unknown> }) => res.locals.staff as StaffSession;

  router.get(
    '/api/outcomes/:conversationId',
    requireStaff(deps.tokens, readers),
    async (req, res) => {
      const { conversationId } = parseInput(conversationParam, req.params);
      res.json({ outcome: presentOutcome(await deps.outcomes.read(staff(res), conversationId)) });
    },
  );

  router.patch(
    '/api/outcomes/:conversationId',
    requireStaff(deps.tokens, editors),
    async (req, res) => {
      const { conversationId } = parseInput(conversationParam, req.params);
      const input = parseInput(outcomeEditSchema, req.body);
      const outcome = await deps.outcomes.edit(staff(res), conversationId, input, req.ip ?? null);
      res.json({ outcome: presentOutcome(outcome) });
    },
  );
  return router;
}
