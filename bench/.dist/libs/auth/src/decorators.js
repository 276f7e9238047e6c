import { SetMetadata, createParamDecorator } from '@nestjs/common';
export const AUDIENCE_KEY = 'pbs:audience';
export const PERMISSION_KEY = 'pbs:permission';
/** Who may call this controller or route (checked in SPEC §4 order by the AuthGuard). */
export const For = (audience) => SetMetadata(AUDIENCE_KEY, audience);
/** A seller permission the route needs beyond being in the account (e.g. `bindings:manage`). */
export const RequirePermission = (permission) => SetMetadata(PERMISSION_KEY, permission);
/** The authenticated caller (set by the AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_, context) => {
    return context.switchToHttp().getRequest().principal;
});
//# sourceMappingURL=decorators.js.map