// @ts-check
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receiving side of X-Signature, as a partner's endpoint does it (docs/API.md#webhook-signature):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, checked over the body exactly as
 * received, and refused when `t` is more than `toleranceSeconds` (default 300) away from now, so an
 * old notice cannot be replayed. The tests, the benchmark's receiver and the demo all check webhooks
 * with this one function; it is written apart from the service's signer on purpose, from the
 * documented format alone.
 * @param {string} secret
 * @param {string} rawBody
 * @param {string | undefined} header the X-Signature header
 * @param {{ nowSeconds?: number, toleranceSeconds?: number }} [options]
 * @returns {boolean}
 */
export function verifyWebhookSignature(secret, rawBody, header, options = {}) {
  /** @type {Map<string, string>} */
  const parts = new Map();
  for (const part of String(header ?? '').split(',')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const t = parts.get('t') ?? '';
  const v1 = parts.get('v1') ?? '';
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(v1)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(t)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
