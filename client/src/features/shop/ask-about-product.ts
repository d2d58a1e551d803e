import { createContext, useContext } from 'react';

/** Opens the chat about a product; null where no chat widget is mounted. */
export const AskAboutProductContext = createContext<((sku: string) => void) | null>(null);

export function useAskAboutProduct(): ((sku: string) => void) | null {
  return useContext(AskAboutProductContext);
}
