export { AuthModule } from './auth.module.js';
export { AuthGuard, OWNERSHIP_CHECKS, type OwnershipChecks } from './auth.guard.js';
export { TokenService, TOKEN_ISSUER, TOKEN_AUDIENCE, type Credentials } from './token.service.js';
export { UserDirectory, type DirectoryEntry } from './user-directory.service.js';
export { bearerTokenOf, isSameSecret } from './credentials.js';
export { For, RequirePermission, CurrentPrincipal, AUDIENCE_KEY, PERMISSION_KEY } from './decorators.js';
export type { Principal, SellerPrincipal, PartnerPrincipal, Audience } from './principal.js';
export { USER_KINDS, type UserKind } from './user-kind.js';
