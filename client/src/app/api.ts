import { ErrorCode } from '../../../shared/errors';

/**
 * A failed API call: the server's stable error code, or E_NETWORK when no answer came, and the
 * server's own message when it sent one (some refusals explain themselves only there).
 */
export class ApiRequestError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly serverMessage: string | null = null,
  ) {
    super(`API request failed: ${status} ${code}`);
    this.name = 'ApiRequestError';
  }
}

export const NETWORK_ERROR = 'E_NETWORK';
const knownCodes = new Set<string>(Object.values(ErrorCode));

export function isKnownErrorCode(code: string): code is ErrorCode {
  return knownCodes.has(code);
}

function errorFromBody(body: unknown, status: number): ApiRequestError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return new ApiRequestError(
    typeof error?.code === 'string' ? error.code : 'E_UNKNOWN',
    status,
    typeof error?.message === 'string' && error.message.trim() ? error.message : null,
  );
}

/** Calls the JSON API on the same origin (the session cookie goes along). */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiRequestError(NETWORK_ERROR, 0);
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromBody(body, response.status);
  if (body === null) throw new ApiRequestError('E_BAD_RESPONSE', response.status);
  return body as T;
}

/** Codes the client makes up when no answer came over the chat link (see chat/chat-socket.ts). */
const sentencedClientCodes = ['E_TIMEOUT', 'E_DISCONNECTED'] as const;
type SentencedCode = ErrorCode | (typeof sentencedClientCodes)[number];
export type ErrorMessageKey = `errors.${SentencedCode}` | 'errors.generic';

/** The i18n key of the sentence for an error code; anything unexpected gets the generic one. */
export function errorKeyForCode(code: string | null | undefined): ErrorMessageKey {
  if (!code) return 'errors.generic';
  if (isKnownErrorCode(code)) return `errors.${code}`;
  const clientCode = sentencedClientCodes.find((known) => known === code);
  return clientCode ? `errors.${clientCode}` : 'errors.generic';
}

/** The i18n key of the sentence to show for an error; anything unexpected gets the generic one. */
export function errorMessageKey(error: unknown): ErrorMessageKey {
  if (error instanceof ApiRequestError) return errorKeyForCode(error.code);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? errorKeyForCode(code) : 'errors.generic';
}
