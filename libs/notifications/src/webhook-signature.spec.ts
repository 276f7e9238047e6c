import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signature', () => {
  const body = '{"id":"e1","type":"binding.requested"}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies a fresh signature and refuses a changed body, another secret or an old timestamp', () => {
    const header = signWebhook('whsec_test', body, 1700000000);
    expect(verifyWebhookSignature('whsec_test', body, header, { nowSeconds: 1700000010 })).toBe(true);
    expect(verifyWebhookSignature('whsec_test', `${body} `, header, { nowSeconds: 1700000010 })).toBe(false);
    expect(verifyWebhookSignature('whsec_other', body, header, { nowSeconds: 1700000010 })).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, header, { nowSeconds: 1700001000 })).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, 'garbage', { nowSeconds: 1700000010 })).toBe(false);
  });
});
