import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SecretBox, SecretBoxError } from './secret-box.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretBox', () => {
  const oldKey = key('old00001');
  const newKey = key('new00002');

  it('seals to a value that does not contain the secret, and opens it again', () => {
    const box = new SecretBox(oldKey);
    const sealed = box.seal('whsec_top-secret', 'partner:1');
    expect(sealed).toMatch(/^v1:old00001:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('top-secret');
    expect(box.open(sealed, 'partner:1')).toBe('whsec_top-secret');
    // A fresh IV each time: the same secret never seals to the same text.
    expect(box.seal('whsec_top-secret', 'partner:1')).not.toBe(sealed);
  });

  it('after a rotation, values sealed with the previous key still open and new ones use the new key', () => {
    const before = new SecretBox(oldKey).seal('s1', 'partner:1');
    const rotated = new SecretBox(newKey, [oldKey]);
    expect(rotated.open(before, 'partner:1')).toBe('s1');
    expect(rotated.isSealedWithCurrentKey(before)).toBe(false);
    const after = rotated.seal('s2', 'partner:1');
    expect(after.startsWith('v1:new00002:')).toBe(true);
    expect(rotated.isSealedWithCurrentKey(after)).toBe(true);
    // Without the previous key configured, the old value cannot be read (and says which key it needs).
    expect(() => new SecretBox(newKey).open(before, 'partner:1')).toThrow(/old00001/);
  });

  it('refuses a value moved to another row, altered, or not sealed at all', () => {
    const box = new SecretBox(oldKey);
    const sealed = box.seal('s', 'partner:1');
    expect(() => box.open(sealed, 'partner:2')).toThrow(SecretBoxError);
    const parts = sealed.split(':');
    parts[4] = Buffer.from('x').toString('base64url');
    expect(() => box.open(parts.join(':'), 'partner:1')).toThrow(SecretBoxError);
    expect(() => box.open('whsec_plain', 'partner:1')).toThrow(SecretBoxError);
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(SecretBox.isSealed('whsec_plain')).toBe(false);
  });
});
