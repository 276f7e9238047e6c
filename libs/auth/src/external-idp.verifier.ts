import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { ExternalIdpConfig } from '@app/config';

/** How soon an unknown `kid` may fetch the key set again (the provider has just rotated its keys). */
const REFETCH_COOLDOWN_MS = 1_000;
/** Keys are fetched again at least this often, so a withdrawn key stops working. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
const JWKS_FETCH_TIMEOUT_MS = 3_000;

export interface ExternalClaims {
  subject: string;
  /** Seconds, as the provider wrote it; null when absent. */
  issuedAt: number | null;
}

/**
 * Access tokens of the marketplace's own identity provider (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE):
 * RS256 or ES256, the key picked by `kid` from the provider's JWKS. The key set is cached; a token
 * with a `kid` not in the cache fetches it again (at most once a second), which is how a key rotation
 * at the provider reaches us without a restart.
 */
export class ExternalIdpVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly idp: ExternalIdpConfig) {
    this.keys = createRemoteJWKSet(new URL(idp.jwksUrl), {
      cooldownDuration: REFETCH_COOLDOWN_MS,
      cacheMaxAge: JWKS_MAX_AGE_MS,
      timeoutDuration: JWKS_FETCH_TIMEOUT_MS,
    });
  }

  get issuer(): string {
    return this.idp.issuer;
  }

  /** The verified subject, or null when the token is not a valid token of this provider for this service. */
  async verify(token: string): Promise<ExternalClaims | null> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.idp.issuer,
        audience: this.idp.audience,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      // Wrong signature, issuer, audience or algorithm, expired, or the key set unreachable: not signed in.
      return null;
    }
    if (typeof payload.sub !== 'string' || payload.sub === '' || payload.sub.length > 255) return null;
    return { subject: payload.sub, issuedAt: typeof payload.iat === 'number' ? payload.iat : null };
  }
}
