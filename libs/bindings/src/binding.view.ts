import type { NoticeBinding } from '@app/notifications';
import { parseScopes, type AccessScope } from '@app/partners';
import type { BindingEntity } from './binding.entity.js';
import type { BindingEventEntity } from './binding-event.entity.js';
import { statusAt, type BindingStatus } from './binding-state.js';

/** A binding as the API shows it (docs/API.md#binding); notices carry the same shape. */
export interface BindingView extends NoticeBinding {
  status: BindingStatus;
  scopes: AccessScope[];
}

export interface BindingEventView {
  id: string;
  bindingId: string;
  type: string;
  actorId: string | null;
  actorKind: string;
  fromStatus: BindingStatus | null;
  toStatus: BindingStatus;
  at: string;
  data: Record<string, string> | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The binding as shown. An active binding whose endsAt has passed shows as `ended` at once (docs/API.md#fixed-terms),
 * with `endedAt` = `endsAt`, before the timer records it.
 */
export function toBindingView(binding: BindingEntity, now = new Date()): BindingView {
  const status = statusAt(binding.status, binding.endsAt ?? null, now);
  return {
    id: binding.id,
    accountId: binding.accountId,
    partnerId: binding.partnerId,
    status,
    requestedBy: binding.requestedBy,
    requestedAt: binding.requestedAt.toISOString(),
    expiresAt: binding.expiresAt.toISOString(),
    respondedBy: binding.respondedBy,
    respondedAt: iso(binding.respondedAt),
    cancelledBy: binding.cancelledBy,
    cancelledAt: iso(binding.cancelledAt),
    declineReason: binding.declineReason,
    terminatedAt: iso(binding.terminatedAt),
    terminationReason: binding.terminationReason,
    scopes: parseScopes(binding.scopes),
    endsAt: iso(binding.endsAt ?? null),
    endedAt: status === 'ended' ? iso(binding.endedAt ?? binding.endsAt ?? null) : null,
    version: binding.version,
  };
}

/** The columns a binding is read with, as plain SQL (hot read paths skip the query builder). */
export const BINDING_COLUMNS =
  'id, account_id, partner_id, status, requested_by, requested_at, expires_at, responded_by, responded_at, cancelled_by, cancelled_at, decline_reason, terminated_at, termination_reason, scopes, ends_at, ended_at, version';

export interface BindingRow {
  id: string;
  account_id: string;
  partner_id: string;
  status: BindingStatus;
  requested_by: string;
  requested_at: Date;
  expires_at: Date;
  responded_by: string | null;
  responded_at: Date | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  decline_reason: string | null;
  terminated_at: Date | null;
  termination_reason: string | null;
  scopes: string | string[];
  ends_at: Date | null;
  ended_at: Date | null;
  version: number;
}

export function rowToBindingView(row: BindingRow, now = new Date()): BindingView {
  const endsAt = row.ends_at ? new Date(row.ends_at) : null;
  const status = statusAt(row.status, endsAt, now);
  return {
    id: row.id,
    accountId: row.account_id,
    partnerId: row.partner_id,
    status,
    requestedBy: row.requested_by,
    requestedAt: new Date(row.requested_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    respondedBy: row.responded_by,
    respondedAt: row.responded_at ? new Date(row.responded_at).toISOString() : null,
    cancelledBy: row.cancelled_by,
    cancelledAt: row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
    declineReason: row.decline_reason,
    terminatedAt: row.terminated_at ? new Date(row.terminated_at).toISOString() : null,
    terminationReason: row.termination_reason,
    scopes: parseScopes(row.scopes),
    endsAt: endsAt ? endsAt.toISOString() : null,
    endedAt: status === 'ended' ? new Date(row.ended_at ?? endsAt!).toISOString() : null,
    version: Number(row.version),
  };
}

export function toEventView(event: BindingEventEntity): BindingEventView {
  return {
    id: event.id,
    bindingId: event.bindingId,
    type: event.type,
    actorId: event.actorId,
    actorKind: event.actorKind,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    at: event.at.toISOString(),
    data: event.data,
  };
}
