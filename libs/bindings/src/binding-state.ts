/**
 * The binding state machine (docs/API.md#state-machine). Nothing else is allowed:
 *
 *   pending --confirm--> active      pending --expire--> expired
 *   pending --decline--> declined    pending|active --cancel--> cancelled
 *   active --terminate (partner)--> terminated
 */
export const BINDING_STATUSES = ['pending', 'active', 'declined', 'expired', 'cancelled', 'terminated'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

export const LIVE_STATUSES: readonly BindingStatus[] = ['pending', 'active'];

export type Transition = 'confirm' | 'decline' | 'expire' | 'cancel' | 'terminate';

const RULES: Record<Transition, { from: readonly BindingStatus[]; to: BindingStatus }> = {
  confirm: { from: ['pending'], to: 'active' },
  decline: { from: ['pending'], to: 'declined' },
  expire: { from: ['pending'], to: 'expired' },
  cancel: { from: ['pending', 'active'], to: 'cancelled' },
  terminate: { from: ['active'], to: 'terminated' },
};

export type Decision =
  /** Apply the transition: from → to. */
  | { kind: 'apply'; from: BindingStatus; to: BindingStatus }
  /** The binding is already where the transition leads: answer 200, change nothing. */
  | { kind: 'already' }
  /** A pending request past its expiry: it must be expired first; the asked transition is refused. */
  | { kind: 'overdue' }
  /** Not allowed from here: 409 INVALID_STATE. */
  | { kind: 'invalid'; from: BindingStatus };

/**
 * What asking for `transition` means for a binding in `status`.
 * A pending binding whose expiry has passed counts as expired (docs/API.md#state-machine), even
 * before the expiry job ran.
 */
export function decide(transition: Transition, status: BindingStatus, expiresAt: Date, now: Date): Decision {
  const overdue = status === 'pending' && expiresAt.getTime() <= now.getTime();
  const rule = RULES[transition];
  if (transition === 'expire') {
    if (overdue) return { kind: 'apply', from: 'pending', to: 'expired' };
    return status === 'expired' ? { kind: 'already' } : { kind: 'invalid', from: status };
  }
  if (overdue) return { kind: 'overdue' };
  if (status === rule.to) return { kind: 'already' };
  if (rule.from.includes(status)) return { kind: 'apply', from: status, to: rule.to };
  return { kind: 'invalid', from: status };
}

export function isLive(status: BindingStatus): boolean {
  return LIVE_STATUSES.includes(status);
}
