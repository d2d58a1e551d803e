import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dashboardSchema, type Dashboard } from '../../../../../shared/schemas/dashboard';
import { ApiRequestError, apiFetch } from '../../../app/api';
import { dashboardUrl, type DashboardFilters } from './filters';

export const dashboardKey = ['supervisor', 'dashboard'] as const;

async function fetchDashboard(filters: DashboardFilters): Promise<Dashboard> {
  const body = await apiFetch<unknown>(dashboardUrl(filters));
  // A reply that is not the contract is said as such, not half drawn.
  const parsed = dashboardSchema.safeParse(body);
  if (!parsed.success) throw new ApiRequestError('E_BAD_RESPONSE', 200);
  return parsed.data;
}

/** The KPIs for `filters`; the previous figures stay on screen while new ones load. */
export function useDashboard(filters: DashboardFilters) {
  return useQuery({
    queryKey: [
      ...dashboardKey,
      filters.from,
      filters.to,
      filters.agent ?? '',
      filters.segment ?? '',
    ],
    queryFn: () => fetchDashboard(filters),
    placeholderData: keepPreviousData,
  });
}
