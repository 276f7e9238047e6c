import { describe, expect, it } from '@jest/globals';
import { signWebhook } from '@app/notifications';
import { verifyWebhook, verifyWebhookSignature, WebhookVerificationError, type WebhookEvent } from './webhooks.js';

// The service's own signer signs; the helper partners copy must accept exactly that.
const SECRET = 'whsec_test-secret';
const NOW = 1_795_765_524;
const event: WebhookEvent<'binding.requested'> = {
  id: '01a21bf8-0ebf-73b7-a6c7-2502a0026217',
  type: 'binding.requested',
  createdAt: '2026-11-27T07:46:11.263Z',
  data: {
    binding: {
      id: '01a21bf8-0ebf-73b7-a6c7-2502a0026218',
      accountId: '01a21bf8-0ebf-73b7-a6c7-2502a0026219',
      partnerId: '01a21bf8-0ebf-73b7-a6c7-2502a002621a',
      status: 'pending',
      requestedBy: '01a21bf8-0ebf-73b7-a6c7-2502a002621b',
      requestedAt: '2026-11-27T07:46:11.263Z',
      expiresAt: '2026-12-04T07:46:11.263Z',
      respondedBy: null,
      respondedAt: null,
      cancelledBy: null,
      cancelledAt: null,
      declineReason: null,
      terminatedAt: null,
      terminationReason: null,
      scopes: ['products.read', 'orders.read'],
      endsAt: null,
      endedAt: null,
      version: 1,
    },
    account: { id: '01a21bf8-0ebf-73b7-a6c7-2502a0026219', name: 'Acme — «ООО»' },
  },
};
const rawBody = JSON.stringify(event);

describe('webhook signature verification (clients/typescript)', () => {
  it('accepts the service’s signature of the raw body, as a string or as bytes', () => {
    const signature = signWebhook(SECRET, rawBody, NOW);
    expect(verifyWebhookSignature(SECRET, rawBody, signature, { nowSeconds: NOW + 10 })).toBe(true);
    expect(verifyWebhookSignature(SECRET, new TextEncoder().encode(rawBody), [signature], { nowSeconds: NOW })).toBe(true);
  });

  it('refuses another body, another secret, a malformed or missing header', () => {
    const signature = signWebhook(SECRET, rawBody, NOW);
    const options = { nowSeconds: NOW };
    expect(verifyWebhookSignature(SECRET, `${rawBody} `, signature, options)).toBe(false);
    expect(verifyWebhookSignature(SECRET, JSON.stringify(JSON.parse(rawBody)).replace('pending', 'active'), signature, options)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', rawBody, signature, options)).toBe(false);
    expect(verifyWebhookSignature('', rawBody, signature, options)).toBe(false);
    expect(verifyWebhookSignature(SECRET, rawBody, signature.replace(/v1=.{4}/, 'v1=0000'), options)).toBe(false);
    expect(verifyWebhookSignature(SECRET, rawBody, `t=${NOW + 1},${signature.split(',')[1]}`, options)).toBe(false);
    for (const header of [undefined, null, '', 'garbage', `t=${NOW}`, `v1=${'0'.repeat(64)}`, `t=abc,v1=${'0'.repeat(64)}`, `t=${NOW},v1=zz`]) {
      expect(verifyWebhookSignature(SECRET, rawBody, header, options)).toBe(false);
    }
  });

  it('refuses a timestamp outside the tolerance (a replayed delivery), in either direction', () => {
    const signature = signWebhook(SECRET, rawBody, NOW);
    expect(verifyWebhookSignature(SECRET, rawBody, signature, { nowSeconds: NOW + 300 })).toBe(true);
    expect(verifyWebhookSignature(SECRET, rawBody, signature, { nowSeconds: NOW + 301 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, rawBody, signature, { nowSeconds: NOW - 301 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, rawBody, signature, { nowSeconds: NOW + 3600, toleranceSeconds: 3600 })).toBe(true);
  });

  it('accepts any of several v1 values (so a signer may sign with an old and a new secret)', () => {
    const ours = signWebhook(SECRET, rawBody, NOW).split(',')[1];
    const theirs = signWebhook('whsec_other', rawBody, NOW).split(',')[1];
    expect(verifyWebhookSignature(SECRET, rawBody, `t=${NOW},${theirs},${ours}`, { nowSeconds: NOW })).toBe(true);
  });

  it('verifyWebhook returns the typed event, and throws on a bad signature', () => {
    const received = verifyWebhook({ secret: SECRET, rawBody, signature: signWebhook(SECRET, rawBody, NOW), nowSeconds: NOW });
    expect(received).toEqual(event);
    if (received.type === 'binding.requested') expect(received.data.binding.status).toBe('pending');
    expect(() => verifyWebhook({ secret: 'whsec_other', rawBody, signature: signWebhook(SECRET, rawBody, NOW), nowSeconds: NOW })).toThrow(
      WebhookVerificationError,
    );
    const notJson = 'not json';
    expect(() => verifyWebhook({ secret: SECRET, rawBody: notJson, signature: signWebhook(SECRET, notJson, NOW), nowSeconds: NOW })).toThrow(
      'The body is not JSON.',
    );
  });
});
