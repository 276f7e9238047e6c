export const SELLER_ROLES = ['admin', 'manager', 'viewer'];
/** What each role may do; `bindings:manage` (bind and cancel) is the admin's alone (SPEC §3). */
const PERMISSIONS = {
    admin: ['catalogue:read', 'bindings:read', 'bindings:manage', 'notifications:read'],
    manager: ['catalogue:read', 'bindings:read', 'notifications:read'],
    viewer: ['catalogue:read', 'bindings:read', 'notifications:read'],
};
export function permissionsOf(role) {
    return [...PERMISSIONS[role]];
}
export function canManageBindings(role) {
    return PERMISSIONS[role].includes('bindings:manage');
}
//# sourceMappingURL=seller-role.js.map