import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createStaffSchema,
  StaffView,
  updateStaffSchema,
} from '../../../../shared/schemas/staff';
import { apiFetch } from '../../app/api';

export type CreateStaffInput = z.output<typeof createStaffSchema>;
export type UpdateStaffInput = z.output<typeof updateStaffSchema>;

export const staffListKey = ['admin', 'staff'] as const;

export function useStaffList() {
  return useQuery({
    queryKey: staffListKey,
    queryFn: () => apiFetch<{ staff: StaffView[] }>('/api/admin/staff').then((b) => b.staff),
  });
}

export function useCreateStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateStaffInput) =>
      apiFetch<{ staff: StaffView }>('/api/admin/staff', { method: 'POST', body: input }).then(
        (b) => b.staff,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffListKey }),
  });
}

export function useUpdateStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, patch }: { username: string; patch: UpdateStaffInput }) =>
      apiFetch<{ staff: StaffView }>(`/api/admin/staff/${encodeURIComponent(username)}`, {
        method: 'PATCH',
        body: patch,
      }).then((b) => b.staff),
    // Refetch even after a failure: someone else may have changed the account meanwhile.
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffListKey }),
  });
}
