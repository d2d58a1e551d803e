import { performance } from 'node:perf_hooks';
import { mineRules, type AssociationRule } from '../../../shared/domain/rules';
import type {
  RuleRunProgress,
  RuleRunTrigger,
  RuleRunView,
} from '../../../shared/schemas/rule-mining';
import { Order } from '../../customers/order-model';
import { CHUNK_SIZE, presentRun, type RuleRunDoc } from './rule-run-model';
import {
  cleanUpRuns,
  createRun,
  getRun,
  newRunId,
  reportProgress,
  storeRules,
  updateRun,
} from './rule-store';

/**
 * The thresholds of the stored rules: those of MINING in customers/profile/profile-snapshot.ts
 * (a rule holds in at least 0.2% of paid baskets and in 3 of them, confidence ≥ 10%, at most
 * 2 items ⇒ 1), keeping the rules with lift > 1, at most 5000, the best by lift.
 */
export const RULE_MINING = {
  minSupport: 0.002,
  minCount: 3,
  minConfidence: 0.1,
  maxLen: 3,
  minLift: 1,
  maxRules: 5000,
} as const;

/**
 * Progress is reported (and saved on the run) every this many orders read: about every half
 * second on FerretDB, which reads some 4000–5000 orders a second.
 */
export const PROGRESS_EVERY = 2000;

export interface RuleMiningParams {
  /** Null or absent: max(0.2%, 3 baskets). */
  minSupport?: number | null;
  minConfidence?: number;
  maxLen?: number;
}

export function resolveParams(params: RuleMiningParams = {}): RuleRunDoc['params'] {
  const { minSupport = null, minConfidence = RULE_MINING.minConfidence } = params;
  const maxLen = params.maxLen ?? RULE_MINING.maxLen;
  if (minSupport !== null && !(minSupport > 0 && minSupport <= 1)) {
    throw new RangeError(`minSupport must be a number in (0, 1] (got ${minSupport})`);
  }
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new RangeError(`minConfidence must be a number in [0, 1] (got ${minConfidence})`);
  }
  if (!Number.isInteger(maxLen) || maxLen < 1) {
    throw new RangeError(`maxLen must be a whole number ≥ 1 (got ${maxLen})`);
  }
  return {
    minSupport,
    minConfidence,
    maxLen,
    minLift: RULE_MINING.minLift,
    maxRules: RULE_MINING.maxRules,
  };
}

/** Mines paid baskets as the stored rules are mined: thresholds, lift filter and cap. */
export function mineBasketRules(
  baskets: readonly (readonly string[])[],
  params: RuleRunDoc['params'] = resolveParams(),
): { minSupport: number; itemsets: number; rules: AssociationRule[] } {
  const minSupport =
    params.minSupport ??
    Math.min(
      1,
      Math.max(RULE_MINING.minSupport, RULE_MINING.minCount / Math.max(baskets.length, 1)),
    );
  if (baskets.length === 0) return { minSupport, itemsets: 0, rules: [] };
  const mined = mineRules(baskets, {
    minSupport,
    minConfidence: params.minConfidence,
    maxLen: params.maxLen,
  });
  return {
    minSupport,
    itemsets: mined.itemsets,
    rules: mined.rules.filter((r) => r.lift > params.minLift).slice(0, params.maxRules),
  };
}

export interface MineShopRulesOptions {
  params?: RuleMiningParams;
  /** Called at every step and every PROGRESS_EVERY orders; the run document gets the same. */
  onProgress?: (progress: RuleRunProgress) => void;
  /** A run created (queued) beforehand, as the scheduler does; otherwise one is created. */
  runId?: string;
  /** For a run created here. */
  trigger?: RuleRunTrigger;
  /** Stops the run at the next batch of orders (it is then marked failed). */
  signal?: AbortSignal;
}

export interface MinedShopRules {
  run: RuleRunView;
  /** Paid baskets mined. */
  transactions: number;
  /** As stored: best lift first. */
  rules: AssociationRule[];
}

/** All orders, fast: FerretDB answers collStats from SQLite, but reads every order to `count`. */
async function countOrders(): Promise<number> {
  try {
    const stats = await Order.db.db?.command({ collStats: Order.collection.collectionName });
    if (typeof stats?.count === 'number') return stats.count;
  } catch {
    // Not supported here (or no orders yet): the driver's estimate.
  }
  return Order.collection.estimatedDocumentCount();
}

interface RawOrder {
  status: 'paid' | 'refunded';
  items?: Array<{ sku: string }>;
}

/**
 * Reads every order with a cursor, mines the paid ones' baskets with shared/domain/rules.ts,
 * stores the rules as the current ones and returns the finished run. On failure the run is
 * marked failed (with the reason) and the error is thrown.
 */
export async function mineShopRules(options: MineShopRulesOptions = {}): Promise<MinedShopRules> {
  const { signal } = options;
  let runId = options.runId;
  let params: RuleRunDoc['params'];
  let startedAt: Date;
  if (runId) {
    const existing = await getRun(runId);
    if (!existing) throw new Error(`There is no rule mining run ${runId}.`);
    params = existing.params;
    startedAt = existing.startedAt;
  } else {
    params = resolveParams(options.params);
    runId = newRunId();
    ({ startedAt } = await createRun({ runId, trigger: options.trigger ?? 'manual', params }));
  }
  const id = runId;
  const report = async (progress: RuleRunProgress) => {
    options.onProgress?.(progress);
    await reportProgress(id, progress);
  };

  const started = performance.now();
  try {
    signal?.throwIfAborted();
    const estimated = await countOrders();
    const first: RuleRunProgress = { step: 'orders', done: 0, total: estimated };
    options.onProgress?.(first);
    await updateRun(id, { state: 'running', progress: first });

    const baskets: string[][] = [];
    // One string per SKU, however many orders name it.
    const skus = new Map<string, string>();
    let orders = 0;
    const cursor = Order.collection.find(
      {},
      { projection: { _id: 0, status: 1, items: 1 }, batchSize: PROGRESS_EVERY },
    );
    try {
      for await (const doc of cursor) {
        const order = doc as unknown as RawOrder;
        orders += 1;
        if (order.status === 'paid') {
          const basket: string[] = [];
          for (const item of order.items ?? []) {
            let sku = skus.get(item.sku);
            if (sku === undefined) skus.set(item.sku, (sku = item.sku));
            if (!basket.includes(sku)) basket.push(sku);
          }
          baskets.push(basket);
        }
        if (orders % PROGRESS_EVERY === 0) {
          signal?.throwIfAborted();
          await report({ step: 'orders', done: orders, total: Math.max(estimated, orders) });
        }
      }
    } finally {
      await cursor.close();
    }
    await report({ step: 'orders', done: orders, total: orders });
    const loaded = performance.now();

    signal?.throwIfAborted();
    await report({ step: 'mining', done: 0, total: 1 });
    const mined = mineBasketRules(baskets, params);
    const minedAt = performance.now();
    await updateRun(id, { minSupportUsed: mined.minSupport });

    signal?.throwIfAborted();
    await report({ step: 'storing', done: 0, total: Math.ceil(mined.rules.length / CHUNK_SIZE) });
    const pointer = await storeRules({ runId: id, startedAt }, mined.rules, (done, total) =>
      report({ step: 'storing', done, total }),
    );
    const stored = performance.now();

    const done: RuleRunProgress = { step: 'done', done: orders, total: orders };
    await updateRun(id, {
      state: 'done',
      progress: done,
      counts: {
        orders,
        baskets: baskets.length,
        itemsets: mined.itemsets,
        rules: mined.rules.length,
      },
      timings: {
        loadMs: Math.round(loaded - started),
        miningMs: Math.round(minedAt - loaded),
        storeMs: Math.round(stored - minedAt),
        totalMs: Math.round(stored - started),
      },
      finishedAt: pointer.finishedAt,
    });
    options.onProgress?.(done);
    // Older runs' rules: left for the next run to delete if this fails; they do no harm.
    await cleanUpRuns().catch(() => undefined);

    const run = await getRun(id);
    if (!run) throw new Error(`The rule mining run ${id} disappeared.`);
    return { run: presentRun(run), transactions: baskets.length, rules: mined.rules };
  } catch (error) {
    const reason = signal?.aborted
      ? 'The server stopped before the run finished.'
      : `Mining the rules failed: ${(error as Error).message}`;
    await updateRun(id, { state: 'failed', finishedAt: new Date(), error: reason }).catch(
      () => undefined,
    );
    throw error;
  }
}
