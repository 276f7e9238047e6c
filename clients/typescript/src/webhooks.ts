import { createHmac, timingSafeEqual } from 'node:crypto';
import type { webhooks } from './schema.js';

/**
 * For a partner's (or seller's) back end that receives the service's webhooks: check the
 * `X-Signature` header over the raw body, then read the event with its type.
 *
 *   const event = verifyWebhook({ secret, rawBody, signature: request.headers['x-signature'] });
 *   if (event.type === 'binding.requested') ... event.data.binding.id ...
 *
 * Answer 2xx quickly once you have stored the event; de-duplicate on `event.id` (delivery is
 * at-least-once, the id is the same on every attempt).
 */

/** Every event type the service sends. */
export type WebhookEventType = keyof webhooks;

/** The body of an event of type `T` (all of them by default), as the OpenAPI document's `webhooks` section describes it. */
export type WebhookEvent<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: NonNullable<webhooks[K]['post']['requestBody']>['content']['application/json'];
}[T];

export interface VerifyOptions {
  /** How old (or how far in the future) `t` may be, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The current time in unix seconds (tests). */
  nowSeconds?: number;
}

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

/** `t=<unix seconds>,v1=<hex>` → its parts (null when malformed). */
function parseSignatureHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const [key, value] = [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    if (key === 't' && /^\d+$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) v1.push(value.toLowerCase());
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

/**
 * Whether `signature` (the `X-Signature` header) is the service's signature of `rawBody` with
 * `secret`: `v1` = hex HMAC-SHA256(secret, "<t>.<raw body>"), compared in constant time, and `t`
 * within `toleranceSeconds` of now (an old, replayed delivery is refused).
 * Pass the body exactly as received (bytes or string), before any JSON parsing.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Uint8Array,
  signature: string | string[] | undefined | null,
  options: VerifyOptions = {},
): boolean {
  const header = Array.isArray(signature) ? signature[0] : signature;
  const parsed = header ? parseSignatureHeader(header) : null;
  if (!parsed || !secret) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - parsed.t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${parsed.t}.`).update(rawBody).digest();
  return parsed.v1.some((candidate) => timingSafeEqual(expected, Buffer.from(candidate, 'hex')));
}

/**
 * Verifies the signature (see verifyWebhookSignature) and parses the body into a typed event;
 * throws a WebhookVerificationError when the signature, its age or the body is not right.
 */
export function verifyWebhook(
  input: { secret: string; rawBody: string | Uint8Array; signature: string | string[] | undefined | null } & VerifyOptions,
): WebhookEvent {
  if (!verifyWebhookSignature(input.secret, input.rawBody, input.signature, input)) {
    throw new WebhookVerificationError('The X-Signature header does not match this body and secret, or it is too old.');
  }
  const text = typeof input.rawBody === 'string' ? input.rawBody : new TextDecoder().decode(input.rawBody);
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new WebhookVerificationError('The body is not JSON.');
  }
  const candidate = event as Partial<WebhookEvent> | null;
  if (!candidate || typeof candidate.id !== 'string' || typeof candidate.type !== 'string' || typeof candidate.data !== 'object') {
    throw new WebhookVerificationError('The body is not a webhook event.');
  }
  return event as WebhookEvent;
}
