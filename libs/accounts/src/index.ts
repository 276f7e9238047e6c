export { AccountsModule, ACCOUNTS_ENTITIES } from './accounts.module.js';
export { AccountsService, type AccountView, type SellerUserView, type SellerUserRecord } from './accounts.service.js';
export { SELLER_ROLES, SELLER_PERMISSIONS, permissionsOf, type SellerRole, type SellerPermission } from './seller-role.js';
