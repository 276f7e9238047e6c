var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccountsService } from "../../accounts/src/index.js";
import { DomainError, NotFoundError, UnauthenticatedError, isUuid } from "../../common/src/index.js";
import { APP_CONFIG } from "../../config/src/index.js";
import { PartnersService } from "../../partners/src/index.js";
/**
 * Mints and checks access tokens (HS256 JWTs, `sub` = user id). The token says who;
 * the database says what they may do, read fresh on every request, so a demotion
 * or deactivation takes effect at once.
 */
let TokenService = class TokenService {
    jwt;
    accounts;
    partners;
    config;
    constructor(jwt, accounts, partners, config) {
        this.jwt = jwt;
        this.accounts = accounts;
        this.partners = partners;
        this.config = config;
    }
    async mint(userId, ttlSeconds) {
        if (!isUuid(userId))
            throw new NotFoundError('User');
        const seller = await this.accounts.findUser(userId);
        const partner = seller ? null : await this.partners.findUser(userId);
        const user = seller ?? partner;
        if (!user)
            throw new NotFoundError('User');
        if (!user.active)
            throw new DomainError('USER_INACTIVE', 'Tokens are not issued to deactivated users.');
        const claims = { sub: userId, kind: seller ? 'seller' : 'partner' };
        const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttlSeconds, algorithm: 'HS256' });
        return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
    }
    /** The caller behind a bearer token, or UNAUTHENTICATED. */
    async authenticate(token) {
        let claims;
        try {
            // exp is checked to the second: from the exp second on the token is refused (RFC 7519).
            claims = await this.jwt.verifyAsync(token, { algorithms: ['HS256'], clockTolerance: 0 });
        }
        catch {
            throw new UnauthenticatedError('The access token is missing, malformed, expired or not ours.');
        }
        if (!isUuid(claims.sub) || (claims.kind !== 'seller' && claims.kind !== 'partner'))
            throw new UnauthenticatedError('The access token is not valid.');
        if (typeof claims.exp !== 'number')
            throw new UnauthenticatedError('The access token has no expiry.');
        if (claims.kind === 'seller') {
            const user = await this.accounts.findUser(claims.sub);
            if (!user?.active)
                throw new UnauthenticatedError('This user is unknown or deactivated.');
            return { kind: 'seller', userId: user.id, accountId: user.accountId, role: user.role, email: user.email, name: user.name };
        }
        const user = await this.partners.findUser(claims.sub);
        if (!user?.active)
            throw new UnauthenticatedError('This user is unknown or deactivated.');
        return { kind: 'partner', userId: user.id, partnerId: user.partnerId, email: user.email, name: user.name };
    }
    /** Constant-time comparison, so the operator token cannot be guessed byte by byte from timings. */
    isOperatorToken(token) {
        const a = createHash('sha256').update(token).digest();
        const b = createHash('sha256').update(this.config.operatorToken).digest();
        return timingSafeEqual(a, b);
    }
};
TokenService = __decorate([
    Injectable(),
    __param(0, Inject(JwtService)),
    __param(1, Inject(AccountsService)),
    __param(2, Inject(PartnersService)),
    __param(3, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [JwtService,
        AccountsService,
        PartnersService, Object])
], TokenService);
export { TokenService };
//# sourceMappingURL=token.service.js.map