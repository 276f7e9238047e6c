import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@app/common';
import { assertValidWebhookUrl, loopbackWebhooksAllowed } from './webhook-url.js';

describe('assertValidWebhookUrl', () => {
  it('accepts https anywhere', () => {
    expect(assertValidWebhookUrl('https://hooks.example.com/pbs', false)).toBe('https://hooks.example.com/pbs');
  });

  it('accepts http to loopback only when allowed', () => {
    expect(assertValidWebhookUrl('http://127.0.0.1:9000/hook', true)).toBe('http://127.0.0.1:9000/hook');
    expect(assertValidWebhookUrl('http://localhost:9000/hook', true)).toBe('http://localhost:9000/hook');
    expect(() => assertValidWebhookUrl('http://127.0.0.1:9000/hook', false)).toThrow(ValidationFailedError);
    expect(() => assertValidWebhookUrl('http://example.com/hook', true)).toThrow(ValidationFailedError);
  });

  it('refuses other schemes, credentials and garbage', () => {
    for (const bad of ['ftp://example.com', 'https://user:pw@example.com/', 'not a url', 'javascript:alert(1)', `https://e.com/${'a'.repeat(2100)}`]) {
      expect(() => assertValidWebhookUrl(bad, true)).toThrow(ValidationFailedError);
    }
  });

  it('refuses localhost names (RFC 6761 loopback) unless local webhooks are allowed, whatever DNS would say', () => {
    for (const url of ['https://localhost/h', 'https://api.localhost/h', 'https://API.LOCALHOST./h', 'https://127.0.0.1/h', 'https://[::1]/h']) {
      expect(() => assertValidWebhookUrl(url, false)).toThrow(ValidationFailedError);
    }
    expect(assertValidWebhookUrl('https://api.localhost/h', true)).toBe('https://api.localhost/h');
  });
});

describe('loopbackWebhooksAllowed', () => {
  it('only outside production, with ALLOW_HTTP_WEBHOOKS: production refuses loopback whatever the flags say', () => {
    expect(loopbackWebhooksAllowed({ isProduction: false, webhook: { allowHttp: true } } as never)).toBe(true);
    expect(loopbackWebhooksAllowed({ isProduction: false, webhook: { allowHttp: false } } as never)).toBe(false);
    expect(loopbackWebhooksAllowed({ isProduction: true, webhook: { allowHttp: true } } as never)).toBe(false);
  });
});
