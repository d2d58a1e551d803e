import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  compileObjectionDetector,
  detectObjections,
  type ObjectionDetection,
  type ObjectionDetector,
} from '../../../../../shared/domain/objections';
import type { ObjectionCategory } from '../../../../../shared/domain/objection-categories';
import { scriptLocales } from '../../../../../shared/domain/scripts';
import type { MessageView } from '../../../../../shared/schemas/chat';
import type { ObjectionPhraseList } from '../../../../../shared/schemas/objection-phrases';
import type { ProductView } from '../../../../../shared/schemas/catalog';
import { apiFetch } from '../../../app/api';
import type { LibraryScript } from './rank-scripts';

export const scriptLibraryKey = ['guidance', 'scripts'] as const;
export const objectionPhrasesKey = ['guidance', 'objection-phrases'] as const;
/** Shared with the bundle editor's product list (same request, same cache). */
const productListKey = ['catalog', 'products'] as const;

/**
 * Both languages' script libraries, fetched together once and kept; looked at again every
 * minute and when the window regains focus, so a newly published version reaches the console.
 */
export function useScriptLibrary() {
  return useQuery({
    queryKey: scriptLibraryKey,
    queryFn: async (): Promise<LibraryScript[]> => {
      const answers = await Promise.all(
        scriptLocales.map((locale) =>
          apiFetch<{ scripts: LibraryScript[] }>(
            `/api/scripts?locale=${encodeURIComponent(locale)}`,
          ),
        ),
      );
      return answers.flatMap((answer) => answer.scripts);
    },
    staleTime: 5 * 60_000,
    refetchInterval: 60_000,
    refetchOnWindowFocus: 'always',
  });
}

/** The detector, compiled once from the phrase lists (they change with a deploy, not a chat). */
export function useObjectionDetector(): ObjectionDetector | null {
  const phrases = useQuery({
    queryKey: objectionPhrasesKey,
    queryFn: () => apiFetch<{ lists: ObjectionPhraseList[] }>('/api/objection-phrases'),
    staleTime: Infinity,
  });
  const lists = phrases.data?.lists;
  return useMemo(() => (lists ? compileObjectionDetector(lists) : null), [lists]);
}

export function useCatalogProducts() {
  return useQuery({
    queryKey: productListKey,
    queryFn: () => apiFetch<{ products: ProductView[] }>('/api/products').then((b) => b.products),
    staleTime: 5 * 60_000,
  });
}

const noObjection: ObjectionDetection = {
  categories: [],
  confidence: 0,
  phrases: [],
  perCategory: [],
  negated: [],
};

/** What each shopper message raises; each message is read once per detector. */
export interface Objections {
  detect: (message: MessageView) => ObjectionDetection;
  categories: (message: MessageView) => readonly ObjectionCategory[];
}

export function useObjections(detector: ObjectionDetector | null): Objections | null {
  return useMemo(() => {
    if (!detector) return null;
    // Stored messages are immutable objects: a WeakMap forgets them with the chat.
    const cache = new WeakMap<MessageView, ObjectionDetection>();
    const detect = (message: MessageView) => {
      if (message.author.kind !== 'shopper') return noObjection;
      let found = cache.get(message);
      if (!found) {
        found = detectObjections(detector, message.text);
        cache.set(message, found);
      }
      return found;
    };
    return { detect, categories: (message) => detect(message).categories };
  }, [detector]);
}
