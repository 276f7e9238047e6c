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

/**
 * SHA-256 of a presented secret or token (one-shot: no Hash object per call). Comparisons are made between
 * fingerprints, so neither the content nor the length of a secret can be learnt from how long a refusal takes, and the
 * memo of verified tokens is keyed by them (a key an attacker cannot steer).
 */
export const fingerprintOf = (value: string): Buffer => hash('sha256', value, 'buffer');

/** Compares a presented secret with the expected one in constant time. */
export function isSameSecret(presented: string, expected: string): boolean {
  return sameSecretAs(expected)(presented);
}

/** `isSameSecret` against one fixed secret, whose fingerprint is taken once instead of on every call. */
export function sameSecretAs(expected: string): (presented: string) => boolean {
  const matches = sameFingerprintAs(expected);
  return (presented) => matches(fingerprintOf(presented));
}

/** Whether a fingerprint (`fingerprintOf`) is the one of this fixed secret, in constant time. */
export function sameFingerprintAs(expected: string): (fingerprint: Buffer) => boolean {
  const expectedFingerprint = fingerprintOf(expected);
  return (fingerprint) => timingSafeEqual(fingerprint, expectedFingerprint);
}
