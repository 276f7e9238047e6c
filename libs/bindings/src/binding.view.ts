import type { NoticeBinding } from '@app/notifications';
import type { AccessScope } from '@app/partners';
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

/** A binding as its row holds it (BindingsRepository reads and writes these; the entity is for migrations only). */
export interface BindingRecord {
  id: string;
  accountId: string;
  partnerId: string;
  status: BindingStatus;
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  respondedBy: string | null;
  respondedAt: Date | null;
  cancelledBy: string | null;
  cancelledAt: Date | null;
  declineReason: string | null;
  terminatedAt: Date | null;
  terminationReason: string | null;
  scopes: AccessScope[];
  endsAt: Date | null;
  endedAt: Date | null;
  version: number;
}

/**
 * The binding as shown (the one conversion to a view). An active binding whose endsAt has passed shows as
 * `ended` at once (docs/API.md#fixed-terms), with `endedAt` = `endsAt`, before the timer records it.
 */
export function toBindingView(binding: BindingRecord, now = new Date()): BindingView {
  const status = statusAt(binding.status, binding.endsAt, now);
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
    scopes: binding.scopes,
    endsAt: iso(binding.endsAt),
    endedAt: status === 'ended' ? iso(binding.endedAt ?? binding.endsAt) : null,
    version: binding.version,
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
