import {
  planOutreachDetailed,
  ruleOfKind,
  type PlannedTask,
} from '../../shared/domain/outreach-rules';
import {
  outreachKinds,
  type OutreachDryRunResult,
  type OutreachRules,
} from '../../shared/schemas/outreach';
import type { OutreachInputs } from './load-outreach-inputs';

const round2 = (n: number) => Math.round(n * 100) / 100;

function counts(tasks: readonly PlannedTask[], held: readonly PlannedTask[]) {
  return {
    tasks: tasks.length,
    customers: new Set(tasks.map((t) => t.customerId)).size,
    heldByCap: held.length,
    value: round2(tasks.reduce((sum, t) => sum + t.value, 0)),
  };
}

/** What `rules` would create right now, per kind of task, writing nothing. */
export async function dryRunOutreach(
  rules: OutreachRules,
  inputs: OutreachInputs,
  now: Date = new Date(),
): Promise<OutreachDryRunResult> {
  const started = Date.now();
  const plan = planOutreachDetailed(await inputs.load(now, rules));
  const kinds = outreachKinds.map((kind) => {
    const rule = ruleOfKind[kind] as OutreachDryRunResult['kinds'][number]['rule'];
    return {
      kind,
      rule,
      enabled: rules[rule].enabled,
      ...counts(
        plan.tasks.filter((t) => t.kind === kind),
        plan.heldByCap.filter((t) => t.kind === kind),
      ),
    };
  });
  return {
    asOf: now.toISOString(),
    kinds,
    total: counts(plan.tasks, plan.heldByCap),
    optedOutCustomers: plan.optedOut.length,
    tookMs: Date.now() - started,
  };
}
