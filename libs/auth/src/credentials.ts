import { hash, timingSafeEqual } from 'node:crypto';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The token of an `Authorization: Bearer <token>` header, or null. The one parser of bearer
 * tokens: the guard, the rate limiter, the queue dashboard and /metrics all read it here.
 */
export function bearerTokenOf(headers: Headers): string | null {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer[ \t]+([^\s]+)[ \t]*$/i);
  return match ? match[1]! : null;
}

// One-shot hash: no Hash object per call (this runs on every request carrying the operator token).
const digest = (value: string) => hash('sha256', value, 'buffer');

/**
 * Compares a presented secret with the expected one in constant time (both hashed first, so
 * neither the content nor the length can be learnt from how long a refusal takes).
 */
export function isSameSecret(presented: string, expected: string): boolean {
  return sameSecretAs(expected)(presented);
}

/** `isSameSecret` against one fixed secret, whose digest is taken once instead of on every call (the operator token, on every access check). */
export function sameSecretAs(expected: string): (presented: string) => boolean {
  const expectedDigest = digest(expected);
  return (presented) => timingSafeEqual(digest(presented), expectedDigest);
}
