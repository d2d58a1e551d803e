import { Router, type Request } from 'express';
import { ErrorCode } from '../../shared/errors';
import type { StaffRole } from '../../shared/schemas/auth';
import {
  outreachDryRunSchema,
  updateOutreachRulesSchema,
  type OutreachRules,
  type OutreachRulesState,
} from '../../shared/schemas/outreach';
import { recordAudit } from '../audit/audit-model';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';
import { dryRunOutreach } from './dry-run-outreach';
import { createOutreachInputs, type OutreachInputs } from './load-outreach-inputs';
import { formatIssuePath, outreachRulesProblems } from './outreach-rules-file';
import {
  outreachRulesStore,
  type OutreachRulesSnapshot,
  type OutreachRulesStore,
} from './outreach-rules-store';

const readers: readonly StaffRole[] = ['agent', 'supervisor', 'admin'];
const editors: readonly StaffRole[] = ['supervisor', 'admin'];
const ruleKeys = [
  'paymentReminder',
  'followUp',
  'memberCare',
  'winBack',
  'quietHours',
  'weeklyCapPerCustomer',
  'attributionHours',
] as const satisfies ReadonlyArray<keyof OutreachRules>;

const present = (s: OutreachRulesSnapshot): OutreachRulesState => ({
  version: s.version,
  rules: s.rules,
  updatedBy: s.updatedBy,
  updatedAt: s.updatedAt.toISOString(),
});

/** The schema's checks passed; these are the ones it cannot make (a real time zone). */
function assertUsable(rules: OutreachRules): void {
  const [problem] = outreachRulesProblems(rules);
  if (problem) {
    throw new AppError(
      ErrorCode.Validation,
      `Invalid input: rules.${formatIssuePath(problem.path)}: ${problem.message}`,
    );
  }
}

/**
 * The outreach rules (主动营销规则):
 *   GET  /api/outreach/rules           agents, supervisors, admins
 *   PUT  /api/outreach/rules           supervisors, admins; { version, rules } → the new state,
 *                                      409 E_OUTREACH_CONFLICT from an old version; audited
 *   POST /api/outreach/rules/dry-run   supervisors, admins; { rules } → what they would create now
 */
export function outreachRulesRouter(deps: {
  tokens: SessionTokens;
  segmentOf: (customerId: string) => Promise<{ segment: string; tier: string | null }>;
  store?: OutreachRulesStore;
  inputs?: OutreachInputs;
}): Router {
  const router = Router();
  const store = deps.store ?? outreachRulesStore;
  const inputs = deps.inputs ?? createOutreachInputs({ segmentOf: deps.segmentOf });
  const by = (req: Request) => (req.res?.locals.staff as StaffSession).username;
  // One dry run at a time on a node: each reads the order states, tasks and customers.
  let dryRuns: Promise<unknown> = Promise.resolve();

  router.get('/api/outreach/rules', requireStaff(deps.tokens, readers), async (_req, res) => {
    res.set('cache-control', 'no-store');
    res.json(present(await store.current()));
  });

  router.put('/api/outreach/rules', requireStaff(deps.tokens, editors), async (req, res) => {
    const input = parseInput(updateOutreachRulesSchema, req.body);
    assertUsable(input.rules);
    const { before, after } = await store.update(input.version, input.rules, by(req));
    // The rules that changed, each with its new value.
    const changed = Object.fromEntries(
      ruleKeys
        .filter((key) => JSON.stringify(before.rules[key]) !== JSON.stringify(after.rules[key]))
        .map((key) => [key, after.rules[key]]),
    );
    await recordAudit({
      actor: by(req),
      action: 'outreach.rules.update',
      subject: 'outreach_rules',
      details: { fromVersion: before.version, version: after.version, changed },
      address: req.ip ?? null,
    });
    res.json(present(after));
  });

  router.post(
    '/api/outreach/rules/dry-run',
    requireStaff(deps.tokens, editors),
    async (req, res) => {
      const { rules } = parseInput(outreachDryRunSchema, req.body);
      assertUsable(rules);
      const run = dryRuns.then(() => dryRunOutreach(rules, inputs));
      dryRuns = run.catch(() => undefined);
      res.json(await run);
    },
  );

  return router;
}
