import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signWebhook } from './webhook-signature.js';

describe('webhook signature', () => {
  const body = '{"id":"e1","type":"binding.requested"}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('covers the timestamp and the body, so neither can be swapped', () => {
    const header = signWebhook('whsec_test', body, 1700000000);
    expect(signWebhook('whsec_test', body, 1700000001)).not.toBe(header.replace('1700000000', '1700000001'));
    expect(signWebhook('whsec_test', `${body} `, 1700000000)).not.toBe(header);
    expect(signWebhook('whsec_other', body, 1700000000)).not.toBe(header);
  });
});
