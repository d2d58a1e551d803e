import { rooms } from '../realtime/rooms';
import type { ChatServer } from '../realtime/socket-server';

/** Changes come in bursts (a drain assigns many chats): one notice per window per node. */
export const MONITOR_NOTICE_WINDOW_MS = 250;

/**
 * Tells supervisors (on every node, through the adapter) that the queue, an assignment or an
 * agent's status or load changed; their monitor refetches the snapshot.
 */
export function createMonitorNotifier(io: ChatServer, windowMs = MONITOR_NOTICE_WINDOW_MS) {
  let timer: NodeJS.Timeout | undefined;
  return {
    changed(): void {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        io.to(rooms.supervisors).emit('monitor:changed', { at: new Date().toISOString() });
      }, windowMs);
      timer.unref();
    },
    stop(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type MonitorNotifier = ReturnType<typeof createMonitorNotifier>;
