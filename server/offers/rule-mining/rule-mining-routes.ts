import { Router } from 'express';
import { trusted } from 'mongoose';
import type { ProfileItem } from '../../../shared/schemas/profile';
import type { RuleMiningStatus, RuleRefreshResponse } from '../../../shared/schemas/rule-mining';
import type { SessionTokens } from '../../auth/session-tokens';
import { requireStaff } from '../../auth/staff-guard';
import { Product, type ProductDoc } from '../../customers/product-model';
import { presentRun, type RuleRunDoc } from './rule-run-model';
import type { RuleMiningScheduler } from './rule-mining-scheduler';
import { listRecentRuns, loadTopRules } from './rule-store';

export const TOP_RULES = 20;

/** Supervisors and admins see how the cross-sell rules were mined and can mine them again. */
export function ruleMiningRouter(deps: {
  tokens: SessionTokens;
  scheduler: RuleMiningScheduler;
}): Router {
  const router = Router();
  const guard = requireStaff(deps.tokens, ['supervisor', 'admin']);

  router.post('/api/offers/rules/refresh', guard, async (_req, res) => {
    const body: RuleRefreshResponse = { runId: await deps.scheduler.refreshNow() };
    res.status(202).json(body);
  });

  router.get('/api/offers/rules/status', guard, async (_req, res) => {
    const [runs, top] = await Promise.all([listRecentRuns(), loadTopRules(TOP_RULES)]);
    const going = (run: RuleRunDoc) => run.state === 'queued' || run.state === 'running';
    const running = runs.find(going) ?? null;
    const lastFinished =
      runs
        .filter((run) => !going(run))
        .sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0))[0] ?? null;
    const rules = top?.rules ?? [];
    const names = await productNames(rules.flatMap((r) => [...r.antecedent, ...r.consequent]));
    const item = (sku: string): ProfileItem => ({
      sku,
      name: names.get(sku) ?? { en: sku, 'zh-CN': sku },
    });
    const body: RuleMiningStatus = {
      running: running ? presentRun(running) : null,
      lastFinished: lastFinished ? presentRun(lastFinished) : null,
      current: top
        ? {
            runId: top.pointer.runId,
            finishedAt: top.pointer.finishedAt.toISOString(),
            rules: top.pointer.rules,
          }
        : null,
      topRules: rules.map((r) => ({
        antecedent: r.antecedent.map(item),
        consequent: r.consequent.map(item),
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
        count: r.count,
      })),
    };
    res.set('cache-control', 'no-store');
    res.json(body);
  });

  return router;
}

async function productNames(skus: string[]): Promise<Map<string, ProfileItem['name']>> {
  const wanted = [...new Set(skus)];
  if (wanted.length === 0) return new Map();
  const products = await Product.find({ sku: trusted({ $in: wanted }) }, { sku: 1, name: 1 }).lean<
    Array<Pick<ProductDoc, 'sku' | 'name'>>
  >();
  return new Map(products.map((p) => [p.sku, { en: p.name.en, 'zh-CN': p.name.zhCN }]));
}
