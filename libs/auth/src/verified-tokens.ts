import type { UserKind } from './user-kind.js';

/** What one of our own tokens proved when it was verified. */
export interface VerifiedToken {
  userId: string;
  userKind: UserKind;
  issuedAtMs: number;
  /** `exp`, NumericDate in seconds. */
  expiresAt: number;
}

/**
 * Our own access tokens whose signature, algorithm, issuer and audience were verified, by fingerprint, until they
 * expire. A client sends the same token with every request and a signature cannot change, so it is checked once, not
 * on every request. Only what the token itself proves is kept: whether its user is still active, their role and their
 * token cut-off (revocation) are still read on every request.
 *
 * Bounded: when full, the entry remembered first goes. Only verified tokens enter, so forged ones evict nothing.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly capacity: number) {}

  /** The token behind this fingerprint if it was verified and has not expired (refused from its `exp` second on). */
  get(fingerprint: string, nowSeconds: number): VerifiedToken | undefined {
    const token = this.entries.get(fingerprint);
    if (token === undefined || nowSeconds < token.expiresAt) return token;
    this.entries.delete(fingerprint); // expired: verified again, and refused there
    return undefined;
  }

  remember(fingerprint: string, token: VerifiedToken): void {
    if (this.entries.size >= this.capacity && !this.entries.has(fingerprint)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(fingerprint, token);
  }

  get size(): number {
    return this.entries.size;
  }
}
