import { createHmac } from 'node:crypto';
import type { OutreachWebhookBody } from '../../shared/schemas/outreach';
import type { Logger } from '../infra/logger';

export const SIGNATURE_HEADER = 'X-ScriptDesk-Signature';

/** `sha256=<hex>`: the HMAC-SHA256 of the exact body bytes with the shared secret. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface OutreachWebhook {
  /** Posts in the background (3 attempts with backoff); never throws, never blocks the caller. */
  notify(body: OutreachWebhookBody): Promise<boolean>;
}

/**
 * Tells the shop's own messaging (SMS, marketplace inbox) about every outreach sent, so the
 * customer also hears of it outside the widget. Failures are logged, and the agent's send has
 * already been answered.
 */
export function createOutreachWebhook(options: {
  url: string | undefined;
  secret: string | undefined;
  logger: Logger;
  attempts?: number;
  /** The wait before retry n (1-based); 0.5 s, then 2 s by default. */
  backoffMs?: (retry: number) => number;
  timeoutMs?: number;
}): OutreachWebhook {
  const attempts = options.attempts ?? 3;
  const backoff = options.backoffMs ?? ((retry: number) => 500 * 4 ** (retry - 1));
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async notify(body) {
      const { url } = options;
      if (!url) return false;
      const payload = JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.secret) headers[SIGNATURE_HEADER] = signWebhookBody(options.secret, payload);
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers,
            body: payload,
            signal: AbortSignal.timeout(timeoutMs),
          });
          if (res.ok) return true;
          options.logger.warn(
            { taskId: body.taskId, status: res.status, attempt },
            'outreach webhook refused',
          );
        } catch (err) {
          options.logger.warn({ err, taskId: body.taskId, attempt }, 'outreach webhook failed');
        }
        if (attempt < attempts) await new Promise((r) => setTimeout(r, backoff(attempt)));
      }
      options.logger.error({ taskId: body.taskId }, 'outreach webhook gave up');
      return false;
    },
  };
}
