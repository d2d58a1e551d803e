import { useCallback, useEffect, useRef } from 'react';
import type { AppLanguage } from '../../app/language';
import type { WidgetHandle } from './mountWidget';

/**
 * Mounts the shopper widget into the page's container once the page is up (its code loads
 * after the products) and returns a function that opens it about a product.
 */
export function useShopWidget(
  containerId: string,
  language: AppLanguage,
  /** The shop's signed word on who the shopper is; undefined: not known yet, wait. */
  shopCustomerToken: string | null | undefined = null,
): (context?: { sku?: string }) => void {
  const handle = useRef<WidgetHandle | null>(null);
  const openWhenReady = useRef<{ sku?: string } | null>(null);
  const initialLanguage = useRef(language);

  useEffect(() => {
    if (shopCustomerToken === undefined) return;
    let mounted: WidgetHandle | null = null;
    let cancelled = false;
    void import('./mountWidget').then(({ mountWidget }) => {
      const container = document.getElementById(containerId);
      if (cancelled || !container) return;
      mounted = mountWidget(container, {
        origin: window.location.origin,
        language: initialLanguage.current,
        ...(shopCustomerToken ? { shopCustomerToken } : {}),
      });
      handle.current = mounted;
      if (openWhenReady.current) mounted.open(openWhenReady.current);
      openWhenReady.current = null;
    });
    return () => {
      cancelled = true;
      mounted?.unmount();
      handle.current = null;
    };
  }, [containerId, shopCustomerToken]);

  useEffect(() => {
    initialLanguage.current = language;
    handle.current?.setLanguage(language);
  }, [language]);

  return useCallback((context?: { sku?: string }) => {
    if (handle.current) handle.current.open(context);
    else openWhenReady.current = context ?? {};
  }, []);
}
