import type { NoticeBinding } from '@app/queue';
import type { BindingEntity } from './binding.entity.js';
import type { BindingEventEntity } from './binding-event.entity.js';
import type { BindingStatus } from './binding-state.js';

/** A binding as the API shows it (SPEC §5); notices carry the same shape. */
export interface BindingView extends NoticeBinding {
  status: BindingStatus;
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

export function toBindingView(binding: BindingEntity): BindingView {
  return {
    id: binding.id,
    accountId: binding.accountId,
    partnerId: binding.partnerId,
    status: binding.status,
    requestedBy: binding.requestedBy,
    requestedAt: binding.requestedAt.toISOString(),
    expiresAt: binding.expiresAt.toISOString(),
    respondedBy: binding.respondedBy,
    respondedAt: iso(binding.respondedAt),
    cancelledBy: binding.cancelledBy,
    cancelledAt: iso(binding.cancelledAt),
    declineReason: binding.declineReason,
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
