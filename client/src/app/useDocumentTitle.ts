import { useEffect } from 'react';

/** Sets the browser tab's title to the page's localized title. */
export function useDocumentTitle(pageTitle: string, { withProductName = true } = {}): void {
  useEffect(() => {
    document.title = withProductName ? `${pageTitle} · ScriptDesk` : pageTitle;
  }, [pageTitle, withProductName]);
}
