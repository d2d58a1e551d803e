import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnnotationInput,
  ExemplaryDetail,
  ExemplaryInput,
  ExemplaryItem,
  MyReview,
  ReviewDetail,
  ReviewQueue,
  ReviewQueueFilters,
  ReviewScoreInput,
  ReviewView,
} from '../../../../shared/schemas/review';
import { apiFetch } from '../../app/api';

const reviewPath = (conversationId: string) => `/api/reviews/${encodeURIComponent(conversationId)}`;

/** The filters as a query string: empty values left out, so the server's defaults apply. */
export function queueQueryString(filters: ReviewQueueFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Where the masked CSV of the chats matching `filters` downloads from (audited on the server). */
export function exportUrl(filters: ReviewQueueFilters): string {
  const { page: _page, ...rest } = filters;
  return `/api/reviews/export.csv${queueQueryString(rest)}`;
}

export const reviewKeys = {
  queue: (filters: ReviewQueueFilters) => ['reviews', 'queue', filters] as const,
  detail: (conversationId: string) => ['reviews', 'detail', conversationId] as const,
  mine: ['reviews', 'mine'] as const,
  exemplary: ['reviews', 'exemplary'] as const,
  exemplaryDetail: (conversationId: string) => ['reviews', 'exemplary', conversationId] as const,
};

export function useReviewQueue(filters: ReviewQueueFilters) {
  return useQuery({
    queryKey: reviewKeys.queue(filters),
    queryFn: () => apiFetch<ReviewQueue>(`/api/reviews/queue${queueQueryString(filters)}`),
    placeholderData: (previous) => previous,
  });
}

export function useReviewDetail(conversationId: string | null) {
  return useQuery({
    queryKey: reviewKeys.detail(conversationId ?? ''),
    queryFn: () => apiFetch<ReviewDetail>(reviewPath(conversationId!)),
    enabled: conversationId !== null,
  });
}

/** The real transcript; never cached, so it is gone once the trainer masks again or leaves. */
export function useUnmask() {
  return useMutation({
    mutationFn: ({ conversationId, reason }: { conversationId: string; reason: string }) =>
      apiFetch<ReviewDetail>(`${reviewPath(conversationId)}/unmask`, {
        method: 'POST',
        body: { reason },
      }),
  });
}

/** Review writes answer with the whole review: it goes into the detail's cache as it is. */
function useReviewWrite<Input>(
  request: (conversationId: string, input: Input) => Promise<{ review: ReviewView }>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conversationId, input }: { conversationId: string; input: Input }) =>
      request(conversationId, input).then((b) => b.review),
    onSuccess: (review) => {
      queryClient.setQueryData<ReviewDetail>(reviewKeys.detail(review.conversationId), (old) =>
        old ? { ...old, review } : old,
      );
      void queryClient.invalidateQueries({ queryKey: ['reviews', 'queue'] });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.exemplary });
    },
  });
}

export const useSaveScore = () =>
  useReviewWrite((id, input: ReviewScoreInput) =>
    apiFetch(`${reviewPath(id)}/score`, { method: 'PUT', body: input }),
  );

export const useAddAnnotation = () =>
  useReviewWrite((id, input: AnnotationInput) =>
    apiFetch(`${reviewPath(id)}/annotations`, { method: 'POST', body: input }),
  );

export const useDeleteAnnotation = () =>
  useReviewWrite((id, annotationId: string) =>
    apiFetch(`${reviewPath(id)}/annotations/${encodeURIComponent(annotationId)}`, {
      method: 'DELETE',
    }),
  );

export const useSetExemplary = () =>
  useReviewWrite((id, input: ExemplaryInput) =>
    apiFetch(`${reviewPath(id)}/exemplary`, { method: 'PUT', body: input }),
  );

export function useMyReviews() {
  return useQuery({
    queryKey: reviewKeys.mine,
    queryFn: () => apiFetch<{ reviews: MyReview[] }>('/api/reviews/mine').then((b) => b.reviews),
  });
}

export function useExemplaryList() {
  return useQuery({
    queryKey: reviewKeys.exemplary,
    queryFn: () => apiFetch<{ items: ExemplaryItem[] }>('/api/exemplary').then((b) => b.items),
  });
}

export function useExemplaryDetail(conversationId: string | null) {
  return useQuery({
    queryKey: reviewKeys.exemplaryDetail(conversationId ?? ''),
    queryFn: () =>
      apiFetch<ExemplaryDetail>(`/api/exemplary/${encodeURIComponent(conversationId!)}`),
    enabled: conversationId !== null,
  });
}
