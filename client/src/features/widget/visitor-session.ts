import { ChatRequestError, ClientErrorCode } from '../../chat/chat-socket';
import type { KeyValueStorage } from '../../chat/storage';

export const VISITOR_TOKEN_KEY = 'scriptdesk.visitorToken';

/**
 * Starts (or renews) the shopper's anonymous session. Sending the previous token keeps the
 * same visitor, and with it the chat history; a shop's signed customer token identifies a
 * logged-in customer.
 */
export async function startVisitorSession(
  origin: string,
  storage: KeyValueStorage,
  shopCustomerToken?: string,
): Promise<string> {
  const previous = storage.getItem(VISITOR_TOKEN_KEY);
  let response: Response;
  try {
    response = await fetch(`${origin}/api/visitor/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        ...(previous ? { visitorToken: previous } : {}),
        ...(shopCustomerToken ? { shopCustomerToken } : {}),
      }),
    });
  } catch {
    throw new ChatRequestError(ClientErrorCode.Disconnected);
  }
  const body = (await response.json().catch(() => null)) as {
    visitorToken?: unknown;
    error?: { code?: unknown };
  } | null;
  if (!response.ok || typeof body?.visitorToken !== 'string') {
    const code = body?.error?.code;
    throw new ChatRequestError(typeof code === 'string' ? code : ClientErrorCode.BadResponse);
  }
  storage.setItem(VISITOR_TOKEN_KEY, body.visitorToken);
  return body.visitorToken;
}

export function storedVisitorToken(storage: KeyValueStorage): string | null {
  return storage.getItem(VISITOR_TOKEN_KEY);
}
