import { Router, type Request } from 'express';
import type { StaffRole } from '../../shared/schemas/auth';
import {
  qualityDryRunSchema,
  qualityRuleIds,
  updateQualityRulesSchema,
  type QualityRulesState,
} from '../../shared/schemas/quality-rules';
import { recordAudit } from '../audit/audit-model';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { parseInput } from '../http/validate';
import { dryRunQualityRules } from './dry-run-quality-rules';
import {
  qualityRulesStore,
  type QualityRulesSnapshot,
  type QualityRulesStore,
} from './quality-rules-store';

const readers: readonly StaffRole[] = ['supervisor', 'trainer', 'admin'];
const editors: readonly StaffRole[] = ['supervisor', 'admin'];

const present = (s: QualityRulesSnapshot): QualityRulesState => ({
  version: s.version,
  rules: s.rules,
  updatedBy: s.updatedBy,
  updatedAt: s.updatedAt.toISOString(),
});

/**
 * The quality rules (质检规则): supervisors, trainers and admins read them; supervisors and
 * admins change them (each change names the version it started from and is audited) and try a
 * changed set on the recent closed conversations before saving it.
 */
export function qualityRouter(deps: { tokens: SessionTokens; store?: QualityRulesStore }): Router {
  const router = Router();
  const store = deps.store ?? qualityRulesStore;
  const by = (req: Request) => (req.res?.locals.staff as StaffSession).username;
  // One dry run at a time on a node: each reads up to 500 conversations' messages.
  let dryRuns: Promise<unknown> = Promise.resolve();

  router.get('/api/quality/rules', requireStaff(deps.tokens, readers), async (_req, res) => {
    res.json(present(await store.current()));
  });

  router.put('/api/quality/rules', requireStaff(deps.tokens, editors), async (req, res) => {
    const input = parseInput(updateQualityRulesSchema, req.body);
    const { before, after } = await store.update(input.version, input.rules, by(req));
    // The rules that changed, each with its new value.
    const changed = Object.fromEntries(
      qualityRuleIds
        .filter((id) => JSON.stringify(before.rules[id]) !== JSON.stringify(after.rules[id]))
        .map((id) => [id, after.rules[id]]),
    );
    await recordAudit({
      actor: by(req),
      action: 'quality.rules.update',
      subject: 'quality_rules',
      details: { fromVersion: before.version, version: after.version, changed },
      address: req.ip ?? null,
    });
    res.json(present(after));
  });

  router.post('/api/quality/dry-run', requireStaff(deps.tokens, editors), async (req, res) => {
    const input = parseInput(qualityDryRunSchema, req.body);
    const run = dryRuns.then(async () =>
      dryRunQualityRules({
        proposed: input.rules,
        current: (await store.current()).rules,
        days: input.days,
      }),
    );
    dryRuns = run.catch(() => undefined);
    res.json(await run);
  });

  return router;
}
