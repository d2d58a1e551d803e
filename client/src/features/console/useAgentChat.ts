import { useEffect, useState, useSyncExternalStore } from 'react';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { AgentChat } from './agent-chat';

/** One live chat link per signed-in user while the console is open. */
export function useAgentChat(user: StaffUser) {
  const [agent] = useState(() => new AgentChat(user));
  useEffect(() => {
    agent.start();
    return () => agent.stop();
  }, [agent]);
  const snapshot = useSyncExternalStore(agent.store.subscribe, agent.store.getSnapshot);
  return { agent, snapshot };
}

/** The current time, refreshed every `intervalMs`, for wait timers. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
