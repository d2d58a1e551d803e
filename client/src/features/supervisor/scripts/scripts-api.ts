import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ObjectionCategory } from '../../../../../shared/domain/objection-categories';
import type { ScriptLocale, ScriptScenario } from '../../../../../shared/domain/scripts';
import type { Script } from '../../../../../shared/schemas/script';
import type {
  DiffLine,
  FieldChange,
  ScriptDiff,
  ScriptView,
  VersionSummary,
} from '../../../../../shared/schemas/script-api';
import { apiFetch } from '../../../app/api';

/** A published script as the library lists it; `hasDraft` only if the server says so. */
export type LibraryScript = Script & { version: number; hasDraft?: boolean };

export type { DiffLine, FieldChange, ScriptDiff, ScriptView, VersionSummary };

export interface LibraryFilters {
  locale?: ScriptLocale;
  scenario?: ScriptScenario;
  objection?: ObjectionCategory;
  q?: string;
}

/** What PUT …/draft takes: the script without `locale` and `id` (they come from the path). */
export type DraftInput = Omit<Script, 'locale' | 'id'>;

export const scriptsKey = ['supervisor', 'scripts'] as const;
const viewKey = (locale: ScriptLocale, id: string) => [...scriptsKey, 'view', locale, id] as const;
const scriptPath = (locale: ScriptLocale, id: string) =>
  `/api/scripts/${encodeURIComponent(locale)}/${encodeURIComponent(id)}`;

export function libraryUrl(filters: LibraryFilters): string {
  const params = new URLSearchParams();
  for (const key of ['locale', 'scenario', 'objection', 'q'] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `/api/scripts?${query}` : '/api/scripts';
}

export function useScriptLibrary(filters: LibraryFilters) {
  return useQuery({
    queryKey: [...scriptsKey, 'list', filters],
    queryFn: () =>
      apiFetch<{ scripts: LibraryScript[] }>(libraryUrl(filters)).then((b) => b.scripts),
    placeholderData: (previous) => previous,
  });
}

export function useScriptView(locale: ScriptLocale, id: string) {
  return useQuery({
    queryKey: viewKey(locale, id),
    queryFn: () => apiFetch<{ script: ScriptView }>(scriptPath(locale, id)).then((b) => b.script),
  });
}

export function useScriptDiff(
  locale: ScriptLocale,
  id: string,
  from: number | null,
  to: 'draft' | 'latest',
  latestVersion: number,
) {
  const target = to === 'draft' ? 'draft' : String(latestVersion);
  return useQuery({
    queryKey: [...viewKey(locale, id), 'diff', from, target],
    enabled: from !== null,
    queryFn: () =>
      apiFetch<ScriptDiff>(
        `${scriptPath(locale, id)}/diff?from=${String(from)}&to=${encodeURIComponent(target)}`,
      ),
  });
}

/** The editor's writes; each answers with the script's new view, which replaces the cached one. */
export function useScriptMutations(locale: ScriptLocale, id: string) {
  const queryClient = useQueryClient();
  const path = scriptPath(locale, id);
  const settle = (view?: ScriptView) => {
    if (view) queryClient.setQueryData(viewKey(locale, id), view);
    void queryClient.invalidateQueries({ queryKey: [...scriptsKey, 'list'] });
  };
  const saveDraft = useMutation({
    mutationFn: (input: DraftInput) =>
      apiFetch<{ script: ScriptView }>(`${path}/draft`, { method: 'PUT', body: input }).then(
        (b) => b.script,
      ),
    onSuccess: settle,
  });
  const discardDraft = useMutation({
    mutationFn: () =>
      apiFetch<{ script: ScriptView }>(`${path}/draft`, { method: 'DELETE' }).then((b) => b.script),
    onSuccess: settle,
  });
  const publish = useMutation({
    mutationFn: (note: string) =>
      apiFetch<{ script: ScriptView; version: VersionSummary }>(`${path}/publish`, {
        method: 'POST',
        body: note.trim() ? { note: note.trim() } : {},
      }),
    onSuccess: (result) => settle(result.script),
  });
  const rollback = useMutation({
    mutationFn: (version: number) =>
      apiFetch<{ script: ScriptView; version: VersionSummary }>(`${path}/rollback`, {
        method: 'POST',
        body: { version },
      }),
    onSuccess: (result) => settle(result.script),
  });
  return { saveDraft, discardDraft, publish, rollback };
}
