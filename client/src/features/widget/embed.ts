// The standalone /widget.js: one <script src="https://…/widget.js" data-locale="zh-CN"> tag
// on any shop page mounts the chat, talking to the server the script came from.
import { browserLanguages, pickLanguage } from '../../app/language';
import { mountWidget, type WidgetHandle } from './mountWidget';

declare global {
  interface Window {
    /** For the shop's own code: `ScriptDesk.open({ sku: 'HUM-001', cart: ['FLT-001'] })`. */
    ScriptDesk?: Omit<WidgetHandle, 'unmount'>;
  }
}

// Only readable while the script first runs, hence outside `start`.
const script = (document.currentScript ??
  document.querySelector('script[src$="/widget.js"]')) as HTMLScriptElement | null;

function start(): void {
  if (window.ScriptDesk) return; // included twice
  const requested = script?.dataset.locale;
  const widget = mountWidget(document.body, {
    origin: new URL(script?.src || window.location.href).origin,
    // The page's data-locale first (any Chinese variant is zh-CN), else the browser's.
    language: pickLanguage(null, [...(requested ? [requested] : []), ...browserLanguages()]),
    ...(script?.dataset.customerToken ? { shopCustomerToken: script.dataset.customerToken } : {}),
  });
  window.ScriptDesk = {
    open: widget.open,
    close: widget.close,
    setLanguage: widget.setLanguage,
  };
  // Any element with data-scriptdesk-sku opens the chat about that product.
  document.addEventListener('click', (event) => {
    const trigger = (event.target as Element | null)?.closest?.('[data-scriptdesk-sku]');
    if (trigger instanceof HTMLElement) widget.open({ sku: trigger.dataset.scriptdeskSku });
  });
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
