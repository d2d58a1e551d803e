import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../app/api';

export interface DemoCustomer {
  customerId: string;
  name: string;
  tier: 'regular' | 'silver' | 'gold' | 'diamond';
  class8: string;
  class8Label: { en: string; 'zh-CN': string };
  shopCustomerToken: string;
}

const DEMO_CUSTOMER_KEY = 'scriptdesk.demoCustomer';
/** What the widget keeps for a visitor: a new identity starts without them. */
const WIDGET_KEYS = [
  'scriptdesk.visitorToken',
  'scriptdesk.outbox',
  'scriptdesk.conversationId',
  'scriptdesk.readSeq',
];

/** The demo shop's customers to shop as; empty where the server has no demo (production). */
export function useDemoCustomers() {
  return useQuery({
    queryKey: ['demo-shop-customers'],
    queryFn: async () =>
      (await apiFetch<{ customers: DemoCustomer[] }>('/api/demo/shop-customers')).customers,
    retry: false,
    staleTime: 30 * 60_000,
  });
}

export function chosenDemoCustomerId(): string | null {
  return window.localStorage.getItem(DEMO_CUSTOMER_KEY);
}

/** Shops as someone else (null: an anonymous guest), from a fresh page. */
export function switchDemoCustomer(customerId: string | null): void {
  if (customerId) window.localStorage.setItem(DEMO_CUSTOMER_KEY, customerId);
  else window.localStorage.removeItem(DEMO_CUSTOMER_KEY);
  for (const key of WIDGET_KEYS) window.localStorage.removeItem(key);
  window.location.reload();
}
