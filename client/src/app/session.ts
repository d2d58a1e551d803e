import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginInput, StaffRole, StaffUser } from '../../../shared/schemas/auth';
import { apiFetch } from './api';

const sessionKey = ['auth', 'me'] as const;

/** Where each role starts after signing in. */
export function homePathFor(role: StaffRole): string {
  switch (role) {
    case 'agent':
      return '/console';
    case 'supervisor':
    case 'admin':
      return '/supervisor';
    case 'trainer':
      return '/trainer';
  }
}

export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: () => apiFetch<{ user: StaffUser }>('/api/auth/me').then((body) => body.user),
    staleTime: 5 * 60_000,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) =>
      apiFetch<{ user: StaffUser }>('/api/auth/login', { method: 'POST', body: input }).then(
        (body) => body.user,
      ),
    onSuccess: (user) => queryClient.setQueryData(sessionKey, user),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>('/api/auth/logout', { method: 'POST' }),
    // Whatever the server says, this browser should no longer look signed in.
    onSettled: () => queryClient.removeQueries({ queryKey: sessionKey }),
  });
}
