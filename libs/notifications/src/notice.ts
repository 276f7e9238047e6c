/**
 * The notice vocabulary: what happened to a binding, told to whoever must hear of it.
 * Dependency-free on purpose: the queue's job map, the mail templates and the OpenAPI document
 * use these types without pulling in the notifications module.
 */

/** Every notice (and audit event) type; the OpenAPI document's event enums and webhooks are built from this list. */
export const NOTICE_TYPES = [
  'binding.requested',
  'binding.confirmed',
  'binding.declined',
  'binding.expired',
  'binding.cancelled',
  'binding.ended',
  'binding.extended',
  'binding.ending_soon',
  'binding.request_expiring',
  'binding.scopes_narrowed',
  'binding.terminated',
  'partner.decertified',
] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** The binding as the notice shows it (the same JSON as the API's binding). */
export interface NoticeBinding {
  id: string;
  accountId: string;
  partnerId: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  respondedBy: string | null;
  respondedAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  declineReason: string | null;
  /** When the partner ended the binding, and why if it said (docs/API.md#partner-exit). */
  terminatedAt: string | null;
  terminationReason: string | null;
  /** What the binding grants the partner (docs/API.md#scopes). */
  scopes: string[];
  /** The end of a fixed term (null: open-ended) and when it ended. */
  endsAt: string | null;
  endedAt: string | null;
  version: number;
}

/**
 * One transition, told to whoever must hear of it. It carries the binding as it was
 * at the transition (a notice is a fact about that moment, so it is not re-read);
 * `eventId` is the audit event's id and stays the same across retries.
 */
export interface BindingNotice {
  eventId: string;
  type: NoticeType;
  occurredAt: string;
  binding: NoticeBinding;
  account: { id: string; name: string };
  /** Reminders only (binding.ending_soon, binding.request_expiring): the moment the reminder was for. */
  remindAt?: string;
}
