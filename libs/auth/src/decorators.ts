import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { SellerPermission } from '@app/accounts';
import type { Audience, Principal } from './principal.js';

export const AUDIENCE_KEY = 'pbs:audience';
export const PERMISSION_KEY = 'pbs:permission';

/** Who may call this controller or route (checked by the AuthGuard in the order of docs/API.md#check-order). */
export const For = (audience: Audience) => SetMetadata(AUDIENCE_KEY, audience);

/** A seller permission the route needs beyond being in the account (e.g. `bindings:manage`). */
export const RequirePermission = (permission: SellerPermission) => SetMetadata(PERMISSION_KEY, permission);

/** The authenticated caller (set by the AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
