import type { Redis } from 'ioredis';
import type { ChatRouting, RoutingState } from './chat-routing';

export interface RoutingRecoveryHooks {
  /** Reads queued chats, open assignments and agents from MongoDB, the source of truth. */
  loadState: () => Promise<RoutingState>;
  /**
   * Runs on this node once the state is whole again, whoever rebuilt it: re-announce this
   * node's connected agents and re-enqueue chats whose enqueue was refused meanwhile.
   */
  afterRestored?: () => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * Rebuilds the Redis routing state from MongoDB now and whenever ioredis reconnects to a Redis
 * that lost it (the `ready` marker key is gone). Rebuilds from several nodes are safe: only the
 * first applies. Returns a function that stops watching.
 */
export function keepRoutingRebuilt(
  redis: Redis,
  routing: ChatRouting,
  hooks: RoutingRecoveryHooks,
): () => void {
  let running: Promise<void> | null = null;
  const restore = async () => {
    if (await routing.needsRebuild()) {
      await routing.rebuild(await hooks.loadState(), { onlyIfMissing: true });
    }
    await hooks.afterRestored?.();
  };
  const onReady = () => {
    // One restore at a time per node; a 'ready' during a restore schedules one more after it.
    running = (running ?? Promise.resolve()).then(restore).catch(hooks.onError);
  };
  redis.on('ready', onReady);
  if (redis.status === 'ready') onReady();
  return () => {
    redis.off('ready', onReady);
  };
}
