import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppLanguage } from '../../app/language';
import { ShopperChat, type ShopperChatOptions } from './shopper-chat';
import widgetCss from './Widget.module.css?inline';
import { WidgetApp } from './WidgetApp';

export interface WidgetHandle {
  /** Opens the chat panel; a product's sku travels with the chat to the agent. */
  /** `cart`: the SKUs in the shopper's cart, sent with the chat so the agent can build on them. */
  open(context?: { sku?: string; cart?: string[] }): void;
  close(): void;
  setLanguage(language: AppLanguage): void;
  unmount(): void;
}

/**
 * Mounts the shopper widget into `container`, inside a shadow root of its own element, so the
 * host page's styles and the widget's never meet.
 */
export function mountWidget(container: HTMLElement, options: ShopperChatOptions): WidgetHandle {
  const host = document.createElement('scriptdesk-widget');
  container.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = widgetCss;
  const mountPoint = document.createElement('div');
  shadow.append(style, mountPoint);

  const chat = new ShopperChat(options);
  const root = createRoot(mountPoint);
  let language = options.language;
  const render = () =>
    root.render(
      <StrictMode>
        <WidgetApp chat={chat} language={language} />
      </StrictMode>,
    );
  render();
  chat.resume();

  return {
    open: (context) => chat.openPanel(context),
    close: () => chat.closePanel(),
    setLanguage: (next) => {
      if (next === language) return;
      language = next;
      render();
    },
    unmount: () => {
      chat.destroy();
      // Often called from the host page's own React cleanup, where unmounting another root
      // synchronously is not allowed.
      setTimeout(() => {
        root.unmount();
        host.remove();
      });
    },
  };
}
