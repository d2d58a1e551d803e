import type { Redis } from 'ioredis';
import { ErrorCode } from '../../../shared/errors';
import type { RuleRunTrigger, RuleRunView } from '../../../shared/schemas/rule-mining';
import { AppError } from '../../errors';
import type { Logger } from '../../infra/logger';
import { mineShopRules, resolveParams } from './mine-shop-rules';
import { createRun, newRunId, readCurrentPointer } from './rule-store';

/**
 * Keeps the stored cross-sell rules fresh: a run at start when none are stored (or they are
 * older than the interval), then one per interval, and one on demand. One run at a time in a
 * node, and — with a lock shared through Redis — across nodes; without Redis the node mines alone.
 */
export interface RuleMiningScheduler {
  /** Checks at once whether a run is due, then every minute (or every interval when shorter). */
  start(): void;
  /** Starts a run unless one is going (here or on another node); resolves with its id. */
  refreshNow(): Promise<string>;
  /** Called after every successful run, with the run; returns a function to stop listening. */
  onRulesStored(listener: (run: RuleRunView) => void): () => void;
  /** Stops the timer and the run in progress (at its next batch of orders). */
  stop(): Promise<void>;
}

/** At most one holder at a time; every holder names its run. */
export interface MiningLock {
  /** Takes the lock for `runId`; when someone holds it, says which run (null if unknown). */
  acquire(
    runId: string,
    ttlMs: number,
  ): Promise<{ acquired: true } | { acquired: false; holder: string | null }>;
  /** Extends the lock while `runId` holds it; false when it was lost. */
  extend(runId: string, ttlMs: number): Promise<boolean>;
  release(runId: string): Promise<void>;
}

export interface RuleMiningSchedulerOptions {
  intervalMs: number;
  logger: Logger;
  /** Shared between nodes (createRedisMiningLock); without it only this node is single-flight. */
  lock?: MiningLock | null;
  /** How often the timer checks whether a run is due. Default: min(interval, 1 minute). */
  checkMs?: number;
  /** How long the lock outlives a node that died holding it; extended while mining. */
  lockTtlMs?: number;
  /** A failed attempt while no rules are stored is retried after this long (default 10 min). */
  retryMs?: number;
}

const LOCK_KEY = 'sd:offers:rule-mining:lock';
const STOP_WAIT_MS = 5000;

export function createRuleMiningScheduler(
  options: RuleMiningSchedulerOptions,
): RuleMiningScheduler {
  const { intervalMs, logger, lock = null } = options;
  const checkMs = options.checkMs ?? Math.min(intervalMs, 60_000);
  const lockTtlMs = options.lockTtlMs ?? 10 * 60_000;
  const retryMs = options.retryMs ?? Math.min(intervalMs, 10 * 60_000);
  const listeners = new Set<(run: RuleRunView) => void>();
  let active: { runId: string; done: Promise<void>; abort: AbortController } | null = null;
  let starting: Promise<string> | null = null;
  let lastAttemptAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const execute = async (runId: string, signal: AbortSignal): Promise<void> => {
    const keepLock = lock
      ? setInterval(() => {
          lock.extend(runId, lockTtlMs).then(
            (held) => held || logger.warn({ runId }, 'rule mining lost its lock'),
            (err: unknown) => logger.debug({ err, runId }, 'rule mining lock not extended'),
          );
        }, lockTtlMs / 3)
      : undefined;
    try {
      const { run } = await mineShopRules({ runId, signal });
      logger.info(
        { runId, counts: run.counts, timings: run.timings, trigger: run.trigger },
        'cross-sell rules mined and stored',
      );
      for (const listener of listeners) {
        try {
          listener(run);
        } catch (err) {
          logger.warn({ err, runId }, 'a listener of stored cross-sell rules failed');
        }
      }
    } catch (err) {
      logger.warn({ err, runId }, 'cross-sell rule mining failed');
    } finally {
      clearInterval(keepLock);
      await lock?.release(runId).catch(() => undefined);
    }
  };

  const launch = (trigger: RuleRunTrigger): Promise<string> => {
    if (active) return Promise.resolve(active.runId);
    starting ??= (async () => {
      if (stopped) {
        throw new AppError(ErrorCode.Unavailable, 'The server is shutting down; please try again.');
      }
      const runId = newRunId();
      if (lock) {
        let taken = false;
        for (let attempt = 0; attempt < 3 && !taken; attempt++) {
          const result = await lock.acquire(runId, lockTtlMs);
          if (result.acquired) taken = true;
          else if (result.holder) return result.holder;
        }
        if (!taken) {
          throw new AppError(
            ErrorCode.Unavailable,
            'Another server is starting a rule mining run; please try again in a moment.',
          );
        }
      }
      try {
        await createRun({ runId, trigger, params: resolveParams() });
      } catch (error) {
        await lock?.release(runId).catch(() => undefined);
        throw error;
      }
      lastAttemptAt = Date.now();
      const abort = new AbortController();
      const done = execute(runId, abort.signal).finally(() => {
        if (active?.runId === runId) active = null;
      });
      active = { runId, done, abort };
      return runId;
    })().finally(() => {
      starting = null;
    });
    return starting;
  };

  const tick = async (trigger: RuleRunTrigger): Promise<void> => {
    if (stopped || active || starting) return;
    const current = await readCurrentPointer();
    const now = Date.now();
    if (current) {
      if (now - Math.max(current.startedAt.getTime(), lastAttemptAt) < intervalMs) return;
    } else if (lastAttemptAt > 0 && now - lastAttemptAt < retryMs) {
      return;
    }
    await launch(trigger);
  };
  const check = (trigger: RuleRunTrigger) => {
    tick(trigger).catch((err: unknown) =>
      logger.warn({ err }, 'could not check whether cross-sell rules are due'),
    );
  };

  return {
    start() {
      if (timer || stopped) return;
      check('startup');
      timer = setInterval(() => check('schedule'), checkMs);
      timer.unref();
    },
    refreshNow: () => launch('manual'),
    onRulesStored(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await starting?.catch(() => undefined);
      const running = active;
      if (!running) return;
      running.abort.abort();
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([
        running.done,
        new Promise<void>((resolve) => (wait = setTimeout(resolve, STOP_WAIT_MS))),
      ]);
      clearTimeout(wait);
    },
  };
}

/** The lock as one Redis key holding the run id, set with NX and an expiry (PX). */
export function createRedisMiningLock(client: Redis, key = LOCK_KEY): MiningLock {
  // Only the holder may extend or delete: compare, then act, in one script.
  const extendScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
  const releaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
  return {
    async acquire(runId, ttlMs) {
      const set = await client.set(key, runId, 'PX', Math.round(ttlMs), 'NX');
      if (set === 'OK') return { acquired: true };
      return { acquired: false, holder: await client.get(key) };
    },
    async extend(runId, ttlMs) {
      return (await client.eval(extendScript, 1, key, runId, String(Math.round(ttlMs)))) === 1;
    },
    async release(runId) {
      await client.eval(releaseScript, 1, key, runId);
    },
  };
}
