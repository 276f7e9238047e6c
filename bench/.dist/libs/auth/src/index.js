export { AuthModule } from './auth.module.js';
export { AuthGuard, OWNERSHIP_CHECKS } from './auth.guard.js';
export { TokenService } from './token.service.js';
export { For, RequirePermission, CurrentPrincipal } from './decorators.js';
//# sourceMappingURL=index.js.map