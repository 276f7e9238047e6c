export { AccountsModule, ACCOUNTS_ENTITIES } from './accounts.module.js';
export { AccountsService } from './accounts.service.js';
export { SELLER_ROLES, permissionsOf, canManageBindings } from './seller-role.js';
//# sourceMappingURL=index.js.map