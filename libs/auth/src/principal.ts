import type { SellerRole } from '@app/accounts';

/** Who is calling, as read from the database on this request. */
export type Principal =
  | { kind: 'operator' }
  | { kind: 'seller'; userId: string; accountId: string; role: SellerRole; email: string; name: string }
  | { kind: 'partner'; userId: string; partnerId: string; email: string; name: string };

export type SellerPrincipal = Extract<Principal, { kind: 'seller' }>;
export type PartnerPrincipal = Extract<Principal, { kind: 'partner' }>;

/** Which callers a route is for. `user` is any signed-in seller or partner user. */
export type Audience = 'public' | 'operator' | 'seller' | 'partner' | 'user';
