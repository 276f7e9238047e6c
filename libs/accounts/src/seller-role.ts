export const SELLER_ROLES = ['admin', 'manager', 'viewer'] as const;
export type SellerRole = (typeof SELLER_ROLES)[number];

/** Everything a seller user may be allowed (GET /v1/me lists a user's; the OpenAPI enum is this list). */
export const SELLER_PERMISSIONS = ['catalogue:read', 'bindings:read', 'bindings:manage', 'notifications:read', 'webhook:manage'] as const;
export type SellerPermission = (typeof SELLER_PERMISSIONS)[number];

/**
 * What each role may do; `bindings:manage` (bind and cancel) and `webhook:manage` (the account's webhook:
 * set, rotate, redeliver, ping) are the admin's alone (docs/API.md#actors).
 */
const PERMISSIONS: Record<SellerRole, readonly SellerPermission[]> = {
  admin: ['catalogue:read', 'bindings:read', 'bindings:manage', 'notifications:read', 'webhook:manage'],
  manager: ['catalogue:read', 'bindings:read', 'notifications:read'],
  viewer: ['catalogue:read', 'bindings:read', 'notifications:read'],
};

export function permissionsOf(role: SellerRole): SellerPermission[] {
  return [...PERMISSIONS[role]];
}
