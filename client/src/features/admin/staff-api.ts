import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createStaffSchema,
  StaffView,
  updateStaffSchema,
} from '../../../../shared/schemas/staff';
import { ApiRequestError, NETWORK_ERROR } from '../../app/api';

export type CreateStaffInput = z.output<typeof createStaffSchema>;
export type UpdateStaffInput = z.output<typeof updateStaffSchema>;

/**
 * A failed admin call that also keeps the server's own message. Staff admin sends the reason
 * for an E_VALIDATION (a taken username, a self-lockout) only in that message.
 */
export class StaffApiError extends ApiRequestError {
  constructor(
    code: string,
    status: number,
    readonly serverMessage: string | null,
  ) {
    super(code, status);
    this.name = 'StaffApiError';
  }
}

function errorFromBody(body: unknown, status: number): StaffApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return new StaffApiError(
    typeof error?.code === 'string' ? error.code : 'E_UNKNOWN',
    status,
    typeof error?.message === 'string' && error.message.trim() ? error.message : null,
  );
}

/** Like apiFetch, but a failure keeps the server's message (apiFetch keeps only the code). */
async function staffFetch<T>(path: string, init: { method?: string; body?: unknown } = {}) {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new StaffApiError(NETWORK_ERROR, 0, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromBody(body, response.status);
  if (body === null) throw new StaffApiError('E_BAD_RESPONSE', response.status, null);
  return body as T;
}

export const staffListKey = ['admin', 'staff'] as const;

export function useStaffList() {
  return useQuery({
    queryKey: staffListKey,
    queryFn: () => staffFetch<{ staff: StaffView[] }>('/api/admin/staff').then((b) => b.staff),
  });
}

export function useCreateStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateStaffInput) =>
      staffFetch<{ staff: StaffView }>('/api/admin/staff', { method: 'POST', body: input }).then(
        (b) => b.staff,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffListKey }),
  });
}

export function useUpdateStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, patch }: { username: string; patch: UpdateStaffInput }) =>
      staffFetch<{ staff: StaffView }>(`/api/admin/staff/${encodeURIComponent(username)}`, {
        method: 'PATCH',
        body: patch,
      }).then((b) => b.staff),
    // Refetch even after a failure: someone else may have changed the account meanwhile.
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffListKey }),
  });
}
