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
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { permissionsOf } from "../../accounts/src/index.js";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../../common/src/index.js";
import { AUDIENCE_KEY, PERMISSION_KEY } from './decorators.js';
import { TokenService } from './token.service.js';
export const OWNERSHIP_CHECKS = Symbol('OWNERSHIP_CHECKS');
function bearerToken(request) {
    const header = request.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match)
        throw new UnauthenticatedError();
    return match[1];
}
/**
 * Every route passes here, and the checks run in the SPEC §4 order:
 * 401 (who are you) → 403 (wrong kind of caller) → 404 (not your account, binding,
 * delivery...) → 403 (role).
 * Body and query validation run after this, in the pipes.
 */
let AuthGuard = class AuthGuard {
    reflector;
    tokens;
    ownership;
    constructor(reflector, tokens, ownership = {}) {
        this.reflector = reflector;
        this.tokens = tokens;
        this.ownership = ownership;
    }
    async canActivate(context) {
        const targets = [context.getHandler(), context.getClass()];
        const audience = this.reflector.getAllAndOverride(AUDIENCE_KEY, targets);
        // A route that forgot to say who it is for is closed, not open.
        if (audience === undefined)
            throw new ForbiddenError('This route is not open to anyone.');
        if (audience === 'public')
            return true;
        const request = context.switchToHttp().getRequest();
        const token = bearerToken(request);
        if (audience === 'operator') {
            if (!this.tokens.isOperatorToken(token))
                throw new UnauthenticatedError('The operator token is required.');
            request.principal = { kind: 'operator' };
            return true;
        }
        const principal = await this.tokens.authenticate(token);
        request.principal = principal;
        if (audience !== 'user' && principal.kind !== audience) {
            throw new ForbiddenError(audience === 'seller' ? 'This route is for seller users.' : 'This route is for partner users.');
        }
        const accountId = request.params?.accountId;
        if (accountId !== undefined && (principal.kind !== 'seller' || principal.accountId !== accountId))
            throw new NotFoundError('Account');
        for (const [param, belongsToCaller] of Object.entries(this.ownership ?? {})) {
            const id = request.params?.[param];
            if (id !== undefined && !(await belongsToCaller(principal, id)))
                throw new NotFoundError('The resource');
        }
        const permission = this.reflector.getAllAndOverride(PERMISSION_KEY, targets);
        if (permission && (principal.kind !== 'seller' || !permissionsOf(principal.role).includes(permission))) {
            throw new ForbiddenError(`Your role does not allow this (it needs ${permission}; only administrators have it).`);
        }
        return true;
    }
};
AuthGuard = __decorate([
    Injectable(),
    __param(0, Inject(Reflector)),
    __param(1, Inject(TokenService)),
    __param(2, Optional()),
    __param(2, Inject(OWNERSHIP_CHECKS)),
    __metadata("design:paramtypes", [Reflector,
        TokenService, Object])
], AuthGuard);
export { AuthGuard };
//# sourceMappingURL=auth.guard.js.map