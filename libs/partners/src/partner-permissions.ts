/** What every partner user may do (GET /v1/me lists them; the OpenAPI enum is this list). */
export const PARTNER_PERMISSIONS = ['requests:read', 'requests:answer', 'webhook:manage'] as const;
export type PartnerPermission = (typeof PARTNER_PERMISSIONS)[number];
