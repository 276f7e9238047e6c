import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { signWebhook } from './webhook-signature.js';

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

export interface OutgoingWebhook {
  eventId: string;
  type: string;
  body: string;
  attempt: number;
}

/** Says what went wrong without echoing anything the receiver sent back. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; cause?: { code?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = err?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (typeof code === 'string') return `network error (${code})`;
  return 'network error';
}

/** POSTs one signed notice. A 2xx within the timeout is delivered; anything else (3xx included) is not. */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(url: string, secret: string, webhook: OutgoingWebhook): Promise<SendResult> {
    const timeoutMs = this.config.webhook.timeoutMs;
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'partner-binding-service/1',
          'x-event-id': webhook.eventId,
          'x-event-type': webhook.type,
          'x-delivery-attempt': String(webhook.attempt),
          'x-signature': signWebhook(secret, webhook.body, Math.floor(Date.now() / 1000)),
        },
        body: webhook.body,
      });
      // Drain the answer so the keep-alive connection can be reused; its content is not kept.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status };
      const reason = response.status >= 300 && response.status < 400 ? 'redirects are not followed' : 'non-2xx answer';
      return { ok: false, statusCode: response.status, error: `HTTP ${response.status}: ${reason}` };
    } catch (error) {
      return { ok: false, statusCode: null, error: describeFailure(error, timeoutMs) };
    }
  }
}
