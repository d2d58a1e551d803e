import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  QualityDryRunInput,
  QualityDryRunResult,
  QualityRulesState,
  UpdateQualityRulesInput,
} from '../../../../../shared/schemas/quality-rules';
import { apiFetch } from '../../../app/api';

export const qualityRulesKey = ['supervisor', 'quality-rules'] as const;

/** The quality rules in force, with their version. */
export function useQualityRules() {
  return useQuery({
    queryKey: qualityRulesKey,
    queryFn: () => apiFetch<QualityRulesState>('/api/quality/rules'),
    // A refetch must not pull the ground from under an edit: the page reloads on request.
    refetchOnWindowFocus: false,
  });
}

export function useSaveQualityRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateQualityRulesInput) =>
      apiFetch<QualityRulesState>('/api/quality/rules', { method: 'PUT', body: input }),
    onSuccess: (state) => queryClient.setQueryData(qualityRulesKey, state),
  });
}

export function useQualityDryRun() {
  return useMutation({
    mutationFn: (input: QualityDryRunInput) =>
      apiFetch<QualityDryRunResult>('/api/quality/dry-run', { method: 'POST', body: input }),
  });
}
