import { useQuery } from '@tanstack/react-query';
import type { MonitorSnapshot } from '../../../../../shared/schemas/monitor';
import { apiFetch } from '../../../app/api';

export const monitorSnapshotKey = ['supervisor', 'monitor'] as const;

/**
 * The live monitor's snapshot. Socket notices trigger refetches; the slow poll only refreshes
 * the last-message column, which changes with every message and has no notice of its own.
 */
export function useMonitorSnapshot() {
  return useQuery({
    queryKey: monitorSnapshotKey,
    queryFn: () => apiFetch<MonitorSnapshot>('/api/monitor'),
    refetchInterval: 15_000,
  });
}
