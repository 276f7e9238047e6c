import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { CursorCodec } from './cursor.js';
import { ValidationFailedError } from './domain-error.js';

describe('CursorCodec', () => {
  const codec = new CursorCodec('test-key');

  it('round-trips a position', () => {
    const cursor = codec.encode('bindings', ['2026-01-01T00:00:00.000Z', 'abc']);
    expect(codec.decode('bindings', cursor)).toEqual(['2026-01-01T00:00:00.000Z', 'abc']);
  });

  it('refuses a cursor whose body was changed', () => {
    const cursor = codec.encode('bindings', ['a', 'b']);
    const [, signature] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify(['z', 'b'])).toString('base64url')}.${signature}`;
    expect(() => codec.decode('bindings', forged)).toThrow(ValidationFailedError);
  });

  it('refuses a cursor made for another list or with another key', () => {
    const cursor = codec.encode('bindings', ['a']);
    expect(() => codec.decode('catalogue', cursor)).toThrow(ValidationFailedError);
    expect(() => new CursorCodec('other').decode('bindings', cursor)).toThrow(ValidationFailedError);
  });

  it('signs with a key derived from the secret, not with the secret itself', () => {
    const cursor = codec.encode('bindings', ['a']);
    const [body, signature] = cursor.split('.');
    const withRawSecret = createHmac('sha256', 'test-key').update(`cursor:bindings:${body}`).digest('base64url').slice(0, 22);
    expect(signature).not.toBe(withRawSecret);
    expect(new CursorCodec('test-key').decode('bindings', cursor)).toEqual(['a']);
  });

  it('refuses garbage', () => {
    for (const garbage of ['', 'x', 'a.b.c', '!!!.???']) {
      expect(() => codec.decode('bindings', garbage)).toThrow(ValidationFailedError);
    }
  });
});
