import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@app/common';
import { assertValidWebhookUrl } from './webhook-url.js';

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
});
