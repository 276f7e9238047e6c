/**
 * The binding state machine (docs/API.md#state-machine). Nothing else is allowed:
 *
 *   pending --confirm--> active      pending --expire--> expired
 *   pending --decline--> declined    pending|active --cancel--> cancelled
 *   active --terminate (partner)--> terminated
 *   active --end (endsAt passes)--> ended
 */
export const BINDING_STATUSES = ['pending', 'active', 'declined', 'expired', 'cancelled', 'terminated', 'ended'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

export const LIVE_STATUSES: readonly BindingStatus[] = ['pending', 'active'];

export type Transition = 'confirm' | 'decline' | 'expire' | 'cancel' | 'terminate' | 'end';

const RULES: Record<Transition, { from: readonly BindingStatus[]; to: BindingStatus }> = {
  confirm: { from: ['pending'], to: 'active' },
  decline: { from: ['pending'], to: 'declined' },
  expire: { from: ['pending'], to: 'expired' },
  cancel: { from: ['pending', 'active'], to: 'cancelled' },
  terminate: { from: ['active'], to: 'terminated' },
  end: { from: ['active'], to: 'ended' },
};

/** The transitions the system makes when a moment passes (expiresAt, endsAt); nobody asks for them. */
const TIMED: Partial<Record<Transition, BindingStatus>> = { expire: 'pending', end: 'active' };

export type Decision =
  /** Apply the transition: from → to. */
  | { kind: 'apply'; from: BindingStatus; to: BindingStatus }
  /** The binding is already where the transition leads: answer 200, change nothing. */
  | { kind: 'already' }
  /** A pending request past its expiry, or an active binding past its end: that must be recorded first; the asked transition is refused. */
  | { kind: 'overdue'; lapse: 'expire' | 'end' }
  /** Not allowed from here: 409 INVALID_STATE. */
  | { kind: 'invalid'; from: BindingStatus };

/** Which timed transition has come due for a binding in `status` at `now`, if any. */
export function lapseOf(status: BindingStatus, expiresAt: Date, endsAt: Date | null, now: Date): 'expire' | 'end' | null {
  if (status === 'pending' && expiresAt.getTime() <= now.getTime()) return 'expire';
  if (status === 'active' && endsAt !== null && endsAt.getTime() <= now.getTime()) return 'end';
  return null;
}

/**
 * What asking for `transition` means for a binding in `status`.
 * A pending binding whose expiry has passed counts as expired, and an active one whose `endsAt` has
 * passed counts as ended (docs/API.md#state-machine), even before the job that records it ran.
 */
export function decide(transition: Transition, status: BindingStatus, expiresAt: Date, now: Date, endsAt: Date | null = null): Decision {
  const lapse = lapseOf(status, expiresAt, endsAt, now);
  const rule = RULES[transition];
  const timedFrom = TIMED[transition];
  if (timedFrom) {
    if (lapse === transition) return { kind: 'apply', from: timedFrom, to: rule.to };
    return status === rule.to ? { kind: 'already' } : { kind: 'invalid', from: status };
  }
  if (lapse) return { kind: 'overdue', lapse };
  if (status === rule.to) return { kind: 'already' };
  if (rule.from.includes(status)) return { kind: 'apply', from: status, to: rule.to };
  return { kind: 'invalid', from: status };
}

/** The status a reader sees: an active binding whose `endsAt` has passed is ended at once (the job records it later). */
export function statusAt(status: BindingStatus, endsAt: Date | null, now: Date): BindingStatus {
  return status === 'active' && endsAt !== null && endsAt.getTime() <= now.getTime() ? 'ended' : status;
}

export function isLive(status: BindingStatus): boolean {
  return LIVE_STATUSES.includes(status);
}

/** Live at `now`: pending or active, and no timed transition (expiry, end) has come due yet. */
export function isLiveAt(status: BindingStatus, expiresAt: Date, endsAt: Date | null, now: Date): boolean {
  return isLive(status) && lapseOf(status, expiresAt, endsAt, now) === null;
}
