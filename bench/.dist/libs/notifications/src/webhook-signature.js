import { createHmac, timingSafeEqual } from 'node:crypto';
/**
 * X-Signature (SPEC §7): `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Signing the timestamp with the body lets receivers refuse replays of old notices.
 */
export function signWebhook(secret, rawBody, unixSeconds) {
    const digest = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
    return `t=${unixSeconds},v1=${digest}`;
}
/** What a receiver does; used by the tests and the demo, and a reference for partners. */
export function verifyWebhookSignature(secret, rawBody, header, options = {}) {
    const parts = new Map(header.split(',').map((part) => part.split('=', 2)));
    const t = Number(parts.get('t'));
    const v1 = parts.get('v1');
    if (!Number.isInteger(t) || !v1)
        return false;
    const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    if (Math.abs(now - t) > (options.toleranceSeconds ?? 300))
        return false;
    const expected = Buffer.from(signWebhook(secret, rawBody, t).split('v1=')[1], 'hex');
    const given = Buffer.from(v1, 'hex');
    return expected.length === given.length && timingSafeEqual(expected, given);
}
//# sourceMappingURL=webhook-signature.js.map