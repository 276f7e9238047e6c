/** Who signs in: a seller account's user or a partner's user (validation and the OpenAPI enum use this list). */
export const USER_KINDS = ['seller', 'partner'] as const;
export type UserKind = (typeof USER_KINDS)[number];
