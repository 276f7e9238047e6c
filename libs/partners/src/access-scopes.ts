/**
 * The fixed vocabulary of what a binding lets a partner do on a seller's account
 * (docs/API.md#scopes). Validation, the OpenAPI enums and the access check all read this list;
 * a scope is never renamed (gateways and stored bindings name them).
 */
export const ACCESS_SCOPES = [
  'products.read',
  'products.write',
  'orders.read',
  'orders.write',
  'finance.read',
  'analytics.read',
  'ads.write',
  'chats.write',
] as const;
export type AccessScope = (typeof ACCESS_SCOPES)[number];

export function isAccessScope(value: unknown): value is AccessScope {
  return typeof value === 'string' && (ACCESS_SCOPES as readonly string[]).includes(value);
}

/** The scopes in vocabulary order without repeats: stored and shown this way, so equal sets compare equal. */
export function canonicalScopes(scopes: readonly string[]): AccessScope[] {
  return ACCESS_SCOPES.filter((scope) => scopes.includes(scope));
}

/** MariaDB keeps JSON as text; MySQL returns it parsed. */
export function parseScopes(raw: string | string[] | null | undefined): AccessScope[] {
  const list = typeof raw === 'string' ? (JSON.parse(raw) as string[]) : (raw ?? []);
  return canonicalScopes(list);
}
