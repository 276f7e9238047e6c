import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccountsService } from '@app/accounts';
import { DomainError, NotFoundError, UnauthenticatedError, isUuid } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnersService } from '@app/partners';
import type { Principal } from './principal.js';

type UserKind = 'seller' | 'partner';

interface AccessClaims {
  sub: string;
  kind: UserKind;
}

/**
 * Mints and checks access tokens (HS256 JWTs, `sub` = user id). The token says who;
 * the database says what they may do, read fresh on every request, so a demotion
 * or deactivation takes effect at once.
 */
@Injectable()
export class TokenService {
  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mint(userId: string, ttlSeconds: number): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    if (!isUuid(userId)) throw new NotFoundError('User');
    const seller = await this.accounts.findUser(userId);
    const partner = seller ? null : await this.partners.findUser(userId);
    const user = seller ?? partner;
    if (!user) throw new NotFoundError('User');
    if (!user.active) throw new DomainError('USER_INACTIVE', 'Tokens are not issued to deactivated users.');
    const claims: AccessClaims = { sub: userId, kind: seller ? 'seller' : 'partner' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttlSeconds, algorithm: 'HS256' });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
  }

  /** The caller behind a bearer token, or UNAUTHENTICATED. */
  async authenticate(token: string): Promise<Principal> {
    let claims: AccessClaims;
    try {
      // exp is checked to the second: from the exp second on the token is refused (RFC 7519).
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'], clockTolerance: 0 });
    } catch {
      throw new UnauthenticatedError('The access token is missing, malformed, expired or not ours.');
    }
    if (!isUuid(claims.sub) || (claims.kind !== 'seller' && claims.kind !== 'partner')) throw new UnauthenticatedError('The access token is not valid.');
    if (typeof (claims as { exp?: unknown }).exp !== 'number') throw new UnauthenticatedError('The access token has no expiry.');

    if (claims.kind === 'seller') {
      const user = await this.accounts.findUser(claims.sub);
      if (!user?.active) throw new UnauthenticatedError('This user is unknown or deactivated.');
      return { kind: 'seller', userId: user.id, accountId: user.accountId, role: user.role, email: user.email, name: user.name };
    }
    const user = await this.partners.findUser(claims.sub);
    if (!user?.active) throw new UnauthenticatedError('This user is unknown or deactivated.');
    return { kind: 'partner', userId: user.id, partnerId: user.partnerId, email: user.email, name: user.name };
  }

  /** Constant-time comparison, so the operator token cannot be guessed byte by byte from timings. */
  isOperatorToken(token: string): boolean {
    const a = createHash('sha256').update(token).digest();
    const b = createHash('sha256').update(this.config.operatorToken).digest();
    return timingSafeEqual(a, b);
  }
}
