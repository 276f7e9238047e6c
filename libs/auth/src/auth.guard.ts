import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { permissionsOf, type SellerPermission } from '@app/accounts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@app/common';
import { AUDIENCE_KEY, PERMISSION_KEY } from './decorators.js';
import type { Audience, Principal } from './principal.js';
import { TokenService } from './token.service.js';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  principal?: Principal;
}

/**
 * Per path parameter (e.g. `bindingId`), whether the resource belongs to the caller.
 * Provided by the app that knows the resources; checked before the role (docs/API.md#check-order).
 */
export type OwnershipChecks = Record<string, (principal: Principal, id: string) => Promise<boolean>>;
export const OWNERSHIP_CHECKS = Symbol('OWNERSHIP_CHECKS');

/** What a route's decorators say about its callers. */
interface RouteRules {
  audience: Audience | undefined;
  permission: SellerPermission | undefined;
}

/**
 * Every route passes here, and the checks run in the documented order (docs/API.md#check-order):
 * 401 (who are you) → 403 (wrong kind of caller) → 404 (not your account, binding,
 * delivery...) → 403 (role).
 * Body and query validation run after this, in the pipes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Optional() @Inject(OWNERSHIP_CHECKS) ownership: OwnershipChecks = {},
  ) {
    this.ownership = Object.entries(ownership ?? {});
  }

  private readonly ownership: Array<[param: string, belongsToCaller: OwnershipChecks[string]]>;
  /** Per controller class and handler: decorators never change at run time, so they are read once, not on every request. */
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRules>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { audience, permission } = this.rulesOf(context);
    // A route that forgot to say who it is for is closed, not open.
    if (audience === undefined) throw new ForbiddenError('This route is not open to anyone.');
    if (audience === 'public') return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();

    if (audience === 'operator') {
      // Verified once per request (the rate limiter asked first), compared in constant time.
      if ((await this.tokens.credentialsOf(request)).kind !== 'operator') throw new UnauthenticatedError('The operator token is required.');
      request.principal = { kind: 'operator' };
      return true;
    }

    const principal = await this.tokens.authenticate(request);
    request.principal = principal;
    if (audience !== 'user' && principal.kind !== audience) {
      throw new ForbiddenError(audience === 'seller' ? 'This route is for seller users.' : 'This route is for partner users.');
    }

    const accountId = request.params?.accountId;
    if (accountId !== undefined && (principal.kind !== 'seller' || principal.accountId !== accountId)) throw new NotFoundError('Account');

    for (const [param, belongsToCaller] of this.ownership) {
      const id = request.params?.[param];
      if (id !== undefined && !(await belongsToCaller(principal, id))) throw new NotFoundError('The resource');
    }

    if (permission && (principal.kind !== 'seller' || !permissionsOf(principal.role).includes(permission))) {
      throw new ForbiddenError(`Your role does not allow this (it needs ${permission}; only administrators have it).`);
    }
    return true;
  }

  private rulesOf(context: ExecutionContext): RouteRules {
    const controller = context.getClass();
    const handler = context.getHandler();
    let ofController = this.rules.get(controller);
    if (!ofController) this.rules.set(controller, (ofController = new WeakMap()));
    let rules = ofController.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        audience: this.reflector.getAllAndOverride<Audience | undefined>(AUDIENCE_KEY, targets),
        permission: this.reflector.getAllAndOverride<SellerPermission | undefined>(PERMISSION_KEY, targets),
      };
      ofController.set(handler, rules);
    }
    return rules;
  }
}
