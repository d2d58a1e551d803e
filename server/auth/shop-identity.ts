import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Identity verification for logged-in shop customers. The shop's backend (never the
 * browser) signs `{ customerId, exp }` with the shared SHOP_IDENTITY_SECRET and hands the
 * token to its page; the widget passes it on. A typed id or email proves nothing.
 *
 * Token format: base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, payload part)).
 */
export function signShopCustomer(
  secret: string,
  customerId: string,
  ttlSeconds = 3600,
  now = Date.now(),
): string {
  const payload = Buffer.from(
    JSON.stringify({ customerId, exp: Math.floor(now / 1000) + ttlSeconds }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export function verifyShopCustomer(secret: string, token: string, now = Date.now()): string | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      customerId?: unknown;
      exp?: unknown;
    };
    if (typeof data.customerId !== 'string' || typeof data.exp !== 'number') return null;
    if (data.exp * 1000 < now) return null;
    return data.customerId;
  } catch {
    return null;
  }
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
