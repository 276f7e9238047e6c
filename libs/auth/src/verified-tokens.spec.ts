import { describe, expect, it } from '@jest/globals';
import { VerifiedTokens, type VerifiedToken } from './verified-tokens.js';

const token = (userId: string, expiresAt: number): VerifiedToken => ({ userId, userKind: 'seller', issuedAtMs: 1_000, expiresAt });

describe('VerifiedTokens (the memo of verified access tokens)', () => {
  it('answers until the expiry second and not from it on, then forgets the token', () => {
    const memo = new VerifiedTokens(10);
    memo.remember('fp', token('u1', 100));
    expect(memo.get('fp', 99)?.userId).toBe('u1');
    expect(memo.get('fp', 100)).toBeUndefined();
    expect(memo.size).toBe(0);
    expect(memo.get('fp', 50)).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the entry remembered first', () => {
    const memo = new VerifiedTokens(3);
    for (const id of ['a', 'b', 'c', 'd']) memo.remember(id, token(id, 100));
    expect(memo.size).toBe(3);
    expect(memo.get('a', 1)).toBeUndefined();
    expect(['b', 'c', 'd'].map((id) => memo.get(id, 1)?.userId)).toEqual(['b', 'c', 'd']);
    memo.remember('d', token('d', 200)); // the same token again does not evict another
    expect(memo.size).toBe(3);
    expect(memo.get('b', 1)?.userId).toBe('b');
  });
});
