/**
 * The binding state machine (SPEC §5). Nothing else is allowed:
 *
 *   pending --confirm--> active      pending --expire--> expired
 *   pending --decline--> declined    pending|active --cancel--> cancelled
 */
export const BINDING_STATUSES = ['pending', 'active', 'declined', 'expired', 'cancelled'];
export const LIVE_STATUSES = ['pending', 'active'];
const RULES = {
    confirm: { from: ['pending'], to: 'active' },
    decline: { from: ['pending'], to: 'declined' },
    expire: { from: ['pending'], to: 'expired' },
    cancel: { from: ['pending', 'active'], to: 'cancelled' },
};
export function targetOf(transition) {
    return RULES[transition].to;
}
/**
 * What asking for `transition` means for a binding in `status`.
 * A pending binding whose expiry has passed counts as expired (SPEC §5), even
 * before the expiry job ran.
 */
export function decide(transition, status, expiresAt, now) {
    const overdue = status === 'pending' && expiresAt.getTime() <= now.getTime();
    const rule = RULES[transition];
    if (transition === 'expire') {
        if (overdue)
            return { kind: 'apply', from: 'pending', to: 'expired' };
        return status === 'expired' ? { kind: 'already' } : { kind: 'invalid', from: status };
    }
    if (overdue)
        return { kind: 'overdue' };
    if (status === rule.to)
        return { kind: 'already' };
    if (rule.from.includes(status))
        return { kind: 'apply', from: status, to: rule.to };
    return { kind: 'invalid', from: status };
}
export function isLive(status) {
    return LIVE_STATUSES.includes(status);
}
//# sourceMappingURL=binding-state.js.map