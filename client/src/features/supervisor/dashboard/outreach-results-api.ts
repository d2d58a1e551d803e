import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  outreachDashboardSchema,
  type OutreachDashboard,
} from '../../../../../shared/schemas/outreach';
import { ApiRequestError, apiFetch } from '../../../app/api';
import type { DashboardFilters } from './filters';

export const outreachResultsKey = ['supervisor', 'dashboard', 'outreach'] as const;

/** GET /api/dashboard/outreach for the dashboard's range and agent (outreach has no segment). */
export function outreachResultsUrl(filters: DashboardFilters): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.agent) params.set('agent', filters.agent);
  return `/api/dashboard/outreach?${params.toString()}`;
}

async function fetchOutreachResults(filters: DashboardFilters): Promise<OutreachDashboard> {
  const body = await apiFetch<unknown>(outreachResultsUrl(filters));
  const parsed = outreachDashboardSchema.safeParse(body);
  if (!parsed.success) throw new ApiRequestError('E_BAD_RESPONSE', 200);
  return parsed.data;
}

/** How the outreach sent in the range paid off; the previous figures stay while new ones load. */
export function useOutreachResults(filters: DashboardFilters) {
  return useQuery({
    queryKey: [...outreachResultsKey, filters.from, filters.to, filters.agent ?? ''],
    queryFn: () => fetchOutreachResults(filters),
    placeholderData: keepPreviousData,
  });
}
