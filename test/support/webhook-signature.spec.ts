import { describe, expect, it } from '@jest/globals';
import { signWebhook } from '@app/notifications';
import { verifyWebhookSignature } from '../../scripts/lib/webhook-signature.mjs';

/**
 * The receiving side that every test, the benchmark and the demo use to check webhooks, against
 * the service's signer: what the service signs is accepted, anything altered or stale is not.
 */
describe('verifyWebhookSignature (what a partner checks)', () => {
  const body = '{"id":"e1","type":"binding.requested"}';
  const header = signWebhook('whsec_test', body, 1700000000);
  const at = { nowSeconds: 1700000010 };

  it('accepts what the service signed', () => {
    expect(verifyWebhookSignature('whsec_test', body, header, at)).toBe(true);
  });

  it('refuses a changed body, another secret or a replay of an old notice', () => {
    expect(verifyWebhookSignature('whsec_test', `${body} `, header, at)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', body, header, at)).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, header, { nowSeconds: 1700001000 })).toBe(false);
  });

  it('refuses headers that are not t=<seconds>,v1=<64 hex digits>', () => {
    for (const garbage of [undefined, '', 'garbage', 't=1700000000', header.replace(/v1=[0-9a-f]+/, 'v1=00'), header.replace('t=', 'x=')]) {
      expect(verifyWebhookSignature('whsec_test', body, garbage, at)).toBe(false);
    }
  });
});
