import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateBundleInput,
  StaffBundleView,
  UpdateBundleInput,
} from '../../../../../shared/schemas/bundle';
import type { ProductView } from '../../../../../shared/schemas/catalog';
import { apiFetch } from '../../../app/api';

export const bundleListKey = ['supervisor', 'bundles'] as const;
// The same key as the storefront's product list: one catalogue, cached once.
const productListKey = ['catalog', 'products'] as const;

const bundlePath = (bundleId: string) => `/api/bundles/${encodeURIComponent(bundleId)}`;

/** Every bundle, on sale or not, priced at today's list prices. */
export function useBundleList() {
  return useQuery({
    queryKey: bundleListKey,
    queryFn: () =>
      apiFetch<{ bundles: StaffBundleView[] }>('/api/bundles/all').then((b) => b.bundles),
  });
}

/** The products a bundle can be made of. */
export function useCatalogProducts() {
  return useQuery({
    queryKey: productListKey,
    queryFn: () => apiFetch<{ products: ProductView[] }>('/api/products').then((b) => b.products),
  });
}

export function useCreateBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateBundleInput) =>
      apiFetch<{ bundle: StaffBundleView }>('/api/bundles', { method: 'POST', body: input }).then(
        (b) => b.bundle,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bundleListKey }),
  });
}

export function useUpdateBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ bundleId, input }: { bundleId: string; input: UpdateBundleInput }) =>
      apiFetch<{ bundle: StaffBundleView }>(bundlePath(bundleId), {
        method: 'PUT',
        body: input,
      }).then((b) => b.bundle),
    // Refetch even after a failure: someone else may have changed or deleted it meanwhile.
    onSettled: () => queryClient.invalidateQueries({ queryKey: bundleListKey }),
  });
}

export function useDeleteBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (bundleId: string) => apiFetch<void>(bundlePath(bundleId), { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bundleListKey }),
  });
}

/** What PUT needs to leave a bundle as it is but for `changes`. */
export function bundleInput(
  bundle: StaffBundleView,
  changes: Partial<UpdateBundleInput> = {},
): UpdateBundleInput {
  return {
    name: { ...bundle.name },
    skus: [...bundle.skus],
    bundlePrice: bundle.bundlePrice,
    validFrom: bundle.validFrom,
    validTo: bundle.validTo,
    stock: bundle.stock,
    active: bundle.active,
    ...changes,
  };
}
