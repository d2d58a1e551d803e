import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  OutreachSendResponse,
  OutreachTaskDetail,
  OutreachTaskView,
  OutreachWorklistResponse,
  SendOutreachInput,
} from '../../../../../shared/schemas/outreach';
import { apiFetch } from '../../../app/api';

export type WorklistStatus = 'open' | 'sent';

const worklistKey = (status: WorklistStatus) => ['outreach', 'tasks', status] as const;
const taskKey = (id: string) => ['outreach', 'task', id] as const;
const taskPath = (id: string, action = '') =>
  `/api/outreach/tasks/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** The worklist as the server orders it; looked at again every 30 s (tasks fall due). */
export function useWorklist(status: WorklistStatus) {
  return useQuery({
    queryKey: worklistKey(status),
    queryFn: () => apiFetch<OutreachWorklistResponse>(`/api/outreach/tasks?status=${status}`),
    refetchInterval: 30_000,
  });
}

export function useTaskDetail(id: string | null) {
  return useQuery({
    queryKey: taskKey(id ?? ''),
    queryFn: () => apiFetch<OutreachTaskDetail>(taskPath(id!)),
    enabled: id !== null,
  });
}

export function useClaimTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ task: OutreachTaskView }>(taskPath(id, 'claim'), { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['outreach'] }),
  });
}

export function useSkipTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiFetch<{ task: OutreachTaskView }>(taskPath(id, 'skip'), {
        method: 'POST',
        body: { reason },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['outreach'] }),
  });
}

export function useSendOutreach() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: SendOutreachInput }) =>
      apiFetch<OutreachSendResponse>(taskPath(id, 'send'), { method: 'POST', body: input }),
    onSuccess: (answer) => {
      queryClient.setQueryData<OutreachTaskDetail>(taskKey(answer.task.id), (detail) =>
        detail ? { ...detail, task: answer.task } : detail,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['outreach', 'tasks'] }),
  });
}
