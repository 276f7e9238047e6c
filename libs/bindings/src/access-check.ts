import { parseScopes, type AccessScope } from '@app/partners';
import { isLiveAt, type BindingStatus } from './binding-state.js';

/** What the marketplace's API gateway is told (docs/API.md#access-checks). */
export interface AccessAnswer {
  allowed: boolean;
  /** The live binding of the pair, or null when there is none. */
  bindingId: string | null;
  /** What that binding grants (empty without one). */
  scopes: AccessScope[];
  endsAt: string | null;
}

/** The pair's row as the check reads it from the live-binding unique index. */
export interface LiveBindingRow {
  id: string;
  status: BindingStatus;
  scopes: string | string[];
  expiresAt: Date;
  /** When a fixed term ends (null: open-ended). */
  endsAt: Date | null;
}

const NONE: AccessAnswer = { allowed: false, bindingId: null, scopes: [], endsAt: null };

/**
 * Whether `scope` is granted now. Only an active binding not past its end that holds the scope
 * allows; a pending request past its expiry, or an active binding past its end, counts as ended
 * at once (before the job that records it has run), so it is no live binding at all.
 */
export function decideAccess(row: LiveBindingRow | undefined, scope: string, now: Date): AccessAnswer {
  if (!row || !isLiveAt(row.status, row.expiresAt, row.endsAt, now)) return NONE;
  const scopes = parseScopes(row.scopes);
  return {
    allowed: row.status === 'active' && (scopes as readonly string[]).includes(scope),
    bindingId: row.id,
    scopes,
    endsAt: row.endsAt ? row.endsAt.toISOString() : null,
  };
}
