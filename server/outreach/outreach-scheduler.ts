import { randomUUID } from 'node:crypto';
import { planOutreachDetailed, type PlannedTask } from '../../shared/domain/outreach-rules';
import type { OutreachKind } from '../../shared/schemas/outreach';
import type { Logger } from '../infra/logger';
import type { MiningLock } from '../offers/rule-mining/rule-mining-scheduler';
import { createOutreachInputs, type OutreachInputs } from './load-outreach-inputs';
import { OutreachTask, type OutreachTaskDoc } from './outreach-models';
import { outreachRulesStore, type OutreachRulesStore } from './outreach-rules-store';

/** The Redis key of the lock (createRedisMiningLock(client, OUTREACH_LOCK_KEY)). */
export const OUTREACH_LOCK_KEY = 'sd:outreach:plan:lock';

export interface OutreachRunResult {
  /** False when the scheduler is stopped or another node was planning at the time. */
  ran: boolean;
  /** Tasks inserted now (a task another run inserted first is not counted). */
  created: number;
  createdByKind: Partial<Record<OutreachKind, number>>;
  heldByCap: number;
  tookMs: number;
}

/**
 * Turns order events into outreach tasks: every `intervalMs`, and shortly after an order event,
 * plans with the rules in force (shared/domain/outreach-rules.ts) and inserts the new tasks. A
 * task's id is deterministic, so a task another run (or node) already made is simply kept. One
 * node plans at a time (a Redis lock); without Redis the node plans alone.
 */
export interface OutreachScheduler {
  start(): void;
  /** Plans and inserts now (after the run in progress, if any); resolves with what it did. */
  runNow(): Promise<OutreachRunResult>;
  /** An order event landed: plan soon (events close together share one run). */
  noteOrderEvent(): void;
  /** Called with the tasks each run inserted; returns a function to stop listening. */
  onTasksCreated(listener: (tasks: OutreachTaskDoc[]) => void): () => void;
  stop(): Promise<void>;
}

export interface OutreachSchedulerOptions {
  intervalMs: number;
  logger: Logger;
  segmentOf: (customerId: string) => Promise<{ segment: string; tier: string | null }>;
  /** Shared between nodes (createRedisMiningLock with OUTREACH_LOCK_KEY). */
  lock?: MiningLock | null;
  rules?: OutreachRulesStore;
  inputs?: OutreachInputs;
  /** How long after an order event the run starts (default 250 ms). */
  eventDelayMs?: number;
  lockTtlMs?: number;
  now?: () => Date;
}

const DUPLICATE_KEY = 11000;

export function createOutreachScheduler(options: OutreachSchedulerOptions): OutreachScheduler {
  const { intervalMs, logger, lock = null } = options;
  const rules = options.rules ?? outreachRulesStore;
  const inputs = options.inputs ?? createOutreachInputs({ segmentOf: options.segmentOf });
  const eventDelayMs = options.eventDelayMs ?? 250;
  const lockTtlMs = options.lockTtlMs ?? 2 * 60_000;
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(tasks: OutreachTaskDoc[]) => void>();
  let running: Promise<OutreachRunResult> | null = null;
  let queued: Promise<OutreachRunResult> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let eventTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const idle = (tookMs = 0): OutreachRunResult => ({
    ran: false,
    created: 0,
    createdByKind: {},
    heldByCap: 0,
    tookMs,
  });

  async function execute(): Promise<OutreachRunResult> {
    const started = Date.now();
    const runId = randomUUID();
    let locked = false;
    if (lock) {
      try {
        const taken = await lock.acquire(runId, lockTtlMs);
        if (!taken.acquired) return idle();
        locked = true;
      } catch (err) {
        // Redis is away: plan anyway. Two nodes planning at once make the same ids, and the
        // second insert of an id is refused, so nothing is made twice.
        logger.debug({ err }, 'outreach lock unavailable; planning without it');
      }
    }
    try {
      const at = now();
      const { rules: current } = await rules.current();
      const plan = planOutreachDetailed(await inputs.load(at, current));
      const inserted = await insertTasks(plan.tasks.map(toTaskDoc));
      const createdByKind: Partial<Record<OutreachKind, number>> = {};
      for (const t of inserted) createdByKind[t.kind] = (createdByKind[t.kind] ?? 0) + 1;
      const result: OutreachRunResult = {
        ran: true,
        created: inserted.length,
        createdByKind,
        heldByCap: plan.heldByCap.length,
        tookMs: Date.now() - started,
      };
      if (inserted.length > 0) {
        logger.info(result, 'outreach tasks created');
        for (const listener of listeners) {
          try {
            listener(inserted);
          } catch (err) {
            logger.warn({ err }, 'a listener of new outreach tasks failed');
          }
        }
      } else {
        logger.debug(result, 'outreach planned: nothing new');
      }
      return result;
    } finally {
      if (locked) await lock?.release(runId).catch(() => undefined);
    }
  }

  function runNow(): Promise<OutreachRunResult> {
    if (stopped) return Promise.resolve(idle());
    if (!running) {
      running = execute().finally(() => {
        running = null;
      });
      return running;
    }
    // One run at a time on a node; callers during a run share the one after it.
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return runNow();
      });
    return queued;
  }

  const runInBackground = () => {
    runNow().catch((err: unknown) => logger.warn({ err }, 'outreach planning failed'));
  };

  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(runInBackground, intervalMs);
      timer.unref();
    },
    runNow,
    noteOrderEvent() {
      if (stopped || eventTimer) return;
      eventTimer = setTimeout(() => {
        eventTimer = undefined;
        runInBackground();
      }, eventDelayMs);
      eventTimer.unref();
    },
    onTasksCreated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(eventTimer);
      await Promise.allSettled([running, queued]);
    },
  };
}

function toTaskDoc(task: PlannedTask): OutreachTaskDoc {
  return {
    _id: task.id,
    kind: task.kind,
    customerId: task.customerId,
    customerName: task.customerName,
    orderId: task.orderId,
    value: task.value,
    dueAt: task.dueAt,
    createdAt: task.createdAt,
    status: 'open',
    reason: task.reason,
    assigneeId: null,
    conversationId: null,
    delivery: null,
    sentAt: null,
    attributedOrderId: null,
    attributedAt: null,
    attributedValue: null,
  };
}

/** Inserts what is not there yet; a duplicate id is a task that exists already, which is fine. */
async function insertTasks(docs: OutreachTaskDoc[]): Promise<OutreachTaskDoc[]> {
  if (docs.length === 0) return [];
  try {
    await OutreachTask.collection.insertMany(docs as never[], { ordered: false });
    return docs;
  } catch (error) {
    const e = error as {
      code?: number;
      writeErrors?: Array<{ code?: number; index: number }> | { code?: number; index: number };
    };
    const writeErrors = Array.isArray(e.writeErrors)
      ? e.writeErrors
      : e.writeErrors
        ? [e.writeErrors]
        : [];
    if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) throw error;
    const failed = new Set(writeErrors.map((w) => w.index));
    return docs.filter((_, i) => !failed.has(i));
  }
}
