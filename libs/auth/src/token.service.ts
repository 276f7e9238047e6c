import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccountsService, type SellerUserRecord } from '@app/accounts';
import { DomainError, NotFoundError, UnauthenticatedError, isUuid } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Sql } from '@app/database';
import { PartnersService, type PartnerUserRecord } from '@app/partners';
import { bearerTokenOf, fingerprintOf, sameFingerprintAs } from './credentials.js';
import { ExternalIdpVerifier } from './external-idp.verifier.js';
import type { Principal } from './principal.js';
import type { UserKind } from './user-kind.js';
import { VerifiedTokens } from './verified-tokens.js';

/** `iss` and `aud` of the tokens this service mints (and the only ones its own key may sign). */
export const TOKEN_ISSUER = 'partner-binding-service';
export const TOKEN_AUDIENCE = 'partner-binding-service';

interface AccessClaims {
  sub: string;
  kind: UserKind;
  /** NumericDate with milliseconds (see mint). */
  iat: number;
  exp: number;
  nbf?: number;
}

/** How many verified tokens each process remembers (about 3 MB at most). */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Who a request's bearer token says it is, checked once per request (signature, issuer, audience, expiry). */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'invalid' }
  | { kind: 'operator' }
  | { kind: 'service'; userId: string; userKind: UserKind; issuedAtMs: number }
  | { kind: 'idp'; subject: string; issuedAtMs: number | null };

type UserRecord = (SellerUserRecord & { userKind: 'seller' }) | (PartnerUserRecord & { userKind: 'partner' });

const refused = () => new UnauthenticatedError('The access token is missing, malformed, expired or not ours.');

/** The `iss` of a JWT without checking anything (to pick the verifier; the verifier checks it again). */
function unverifiedIssuer(token: string): unknown {
  const payload = token.split('.')[1];
  if (!payload || payload.length > 8192) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown })?.iss;
  } catch {
    return undefined;
  }
}

/**
 * Mints and checks access tokens. Our own are HS256 JWTs (`sub` = user id, `iss`/`aud` =
 * partner-binding-service); with JWT_JWKS_URL set, the marketplace identity provider's tokens are
 * accepted too, their `sub` mapped to the user whose `externalSubject` it is. The token says who;
 * the database says what they may do, read fresh on every request, so a demotion takes effect at
 * once, and a deactivation refuses every token issued before it (tokensValidAfter).
 */
@Injectable()
export class TokenService {
  /** Each request's credentials, worked out once: the rate limiter and the guard share them. */
  private readonly perRequest = new WeakMap<object, Promise<Credentials>>();
  private readonly idp: ExternalIdpVerifier | null;
  private readonly isOperatorFingerprint: (fingerprint: Buffer) => boolean;
  private readonly verified = new VerifiedTokens(VERIFIED_TOKENS_KEPT);

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(Sql) private readonly sql: Sql,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.idp = config.externalIdp ? new ExternalIdpVerifier(config.externalIdp) : null;
    this.isOperatorFingerprint = sameFingerprintAs(config.operatorToken);
  }

  async mint(userId: string, ttlSeconds: number): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    if (!isUuid(userId)) throw new NotFoundError('User');
    const user = await this.findUser(userId);
    if (!user) throw new NotFoundError('User');
    if (!user.active) throw new DomainError('USER_INACTIVE', 'Tokens are not issued to deactivated users.');
    // iat in milliseconds on the database's clock (the one a deactivation stamps), and always after the
    // user's cut-off: a user deactivated and reactivated within one second still gets a token that works,
    // while every token from before the deactivation stays refused.
    const [{ now }] = await this.sql.select<{ now: Date }>('SELECT NOW(3) AS now');
    const issuedAtMs = Math.max(new Date(now).getTime(), (user.tokensValidAfter?.getTime() ?? 0) + 1);
    const claims: AccessClaims = { sub: userId, kind: user.userKind, iat: issuedAtMs / 1000, exp: Math.floor(Date.now() / 1000) + ttlSeconds };
    const accessToken = await this.jwt.signAsync(claims, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
  }

  /** The request's bearer credentials, verified once per request however many times it is asked. */
  credentialsOf(request: { headers: Record<string, string | string[] | undefined> }): Promise<Credentials> {
    let credentials = this.perRequest.get(request);
    if (!credentials) {
      credentials = this.verify(bearerTokenOf(request.headers));
      this.perRequest.set(request, credentials);
    }
    return credentials;
  }

  /** The signed-in user behind a request, or UNAUTHENTICATED (the operator token is not an access token). */
  async authenticate(request: { headers: Record<string, string | string[] | undefined> }): Promise<Principal> {
    const credentials = await this.credentialsOf(request);
    if (credentials.kind !== 'service' && credentials.kind !== 'idp') throw refused();
    const user =
      credentials.kind === 'service' ? await this.findUser(credentials.userId, credentials.userKind) : await this.findUserBySubject(credentials.subject);
    if (!user?.active) throw new UnauthenticatedError('This user is unknown or deactivated.');
    // A token issued at or before the user's cut-off (the last deactivation) is revoked.
    const cutOff = user.tokensValidAfter?.getTime();
    if (cutOff !== undefined && (credentials.issuedAtMs === null || credentials.issuedAtMs <= cutOff))
      throw new UnauthenticatedError('This token was revoked.');
    if (user.userKind === 'seller') return { kind: 'seller', userId: user.id, accountId: user.accountId, role: user.role, email: user.email, name: user.name };
    return { kind: 'partner', userId: user.id, partnerId: user.partnerId, email: user.email, name: user.name };
  }

  /** Constant-time comparison, so the operator token cannot be guessed byte by byte from timings. */
  isOperatorToken(token: string): boolean {
    return this.isOperatorFingerprint(fingerprintOf(token));
  }

  private async verify(token: string | null): Promise<Credentials> {
    if (token === null) return { kind: 'none' };
    const fingerprint = fingerprintOf(token);
    if (this.isOperatorFingerprint(fingerprint)) return { kind: 'operator' };
    const key = fingerprint.toString('base64');
    const known = this.verified.get(key, Math.floor(Date.now() / 1000));
    if (known) return { kind: 'service', userId: known.userId, userKind: known.userKind, issuedAtMs: known.issuedAtMs };

    if (this.idp) {
      const issuer = unverifiedIssuer(token);
      if (issuer === this.idp.issuer && issuer !== TOKEN_ISSUER) {
        const claims = await this.idp.verify(token);
        return claims ? { kind: 'idp', subject: claims.subject, issuedAtMs: claims.issuedAt === null ? null : claims.issuedAt * 1000 } : { kind: 'invalid' };
      }
    }
    let claims: AccessClaims;
    try {
      // Only our own key and algorithm, issuer and audience; exp is checked to the second (refused from the exp second on).
      claims = this.jwt.verify<AccessClaims>(token, { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, clockTolerance: 0 });
    } catch {
      return { kind: 'invalid' };
    }
    if (!isUuid(claims.sub) || (claims.kind !== 'seller' && claims.kind !== 'partner')) return { kind: 'invalid' };
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return { kind: 'invalid' };
    const verified = { userId: claims.sub, userKind: claims.kind, issuedAtMs: Math.round(claims.iat * 1000), expiresAt: claims.exp };
    // A token with a not-before is checked every time (ours carry none; the memo only knows expiry).
    if (claims.nbf === undefined) this.verified.remember(key, verified);
    return { kind: 'service', userId: verified.userId, userKind: verified.userKind, issuedAtMs: verified.issuedAtMs };
  }

  private async findUser(userId: string, kind?: UserKind): Promise<UserRecord | null> {
    if (kind !== 'partner') {
      const seller = await this.accounts.findUser(userId);
      if (seller || kind === 'seller') return seller && { ...seller, userKind: 'seller' };
    }
    const partner = await this.partners.findUser(userId);
    return partner && { ...partner, userKind: 'partner' };
  }

  /** The provisioned user an identity-provider subject maps to; a subject on two users maps to none. */
  private async findUserBySubject(subject: string): Promise<UserRecord | null> {
    const [seller, partner] = await Promise.all([this.accounts.findUserByExternalSubject(subject), this.partners.findUserByExternalSubject(subject)]);
    if (seller && partner) return null;
    if (seller) return { ...seller, userKind: 'seller' };
    return partner && { ...partner, userKind: 'partner' };
  }
}
