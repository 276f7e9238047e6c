import { createHmac } from 'node:crypto';

/** base64url of a string, or of a value's JSON: the parts of a JWT. */
export const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * A JWT put together by hand (HS256 over "<header>.<payload>" when `secret` is given, an empty
 * signature when it is null), to send the service tokens it never minted: forged, alg none, expired.
 */
export function handMadeJwt(header: object, payload: object, secret: string | null): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  return `${signingInput}.${secret === null ? '' : createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** The claims of a token, read without checking it. */
export function claimsOf(token: string): { exp: number; iat?: number; sub: string } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
