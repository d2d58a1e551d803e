import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  OutreachDryRunResult,
  OutreachRules,
  OutreachRulesState,
  UpdateOutreachRulesInput,
} from '../../../../../shared/schemas/outreach';
import { apiFetch } from '../../../app/api';

export const outreachRulesKey = ['supervisor', 'outreach-rules'] as const;

/** The outreach rules in force, with their version. */
export function useOutreachRules() {
  return useQuery({
    queryKey: outreachRulesKey,
    queryFn: () => apiFetch<OutreachRulesState>('/api/outreach/rules'),
    // A refetch must not pull the ground from under an edit: the page reloads on request.
    refetchOnWindowFocus: false,
  });
}

export function useSaveOutreachRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateOutreachRulesInput) =>
      apiFetch<OutreachRulesState>('/api/outreach/rules', { method: 'PUT', body: input }),
    onSuccess: (state) => queryClient.setQueryData(outreachRulesKey, state),
  });
}

/** What the edited rules would create now (nothing is written). */
export function useOutreachDryRun() {
  return useMutation({
    mutationFn: (rules: OutreachRules) =>
      apiFetch<OutreachDryRunResult>('/api/outreach/rules/dry-run', {
        method: 'POST',
        body: { rules },
      }),
  });
}
