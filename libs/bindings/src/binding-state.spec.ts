import { describe, expect, it } from '@jest/globals';
import { BINDING_STATUSES, decide, statusAt, type Transition } from './binding-state.js';

const now = new Date('2026-06-01T12:00:00Z');
const later = new Date('2026-06-02T12:00:00Z');
const earlier = new Date('2026-05-31T12:00:00Z');

describe('binding state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed: string[] = [];
    for (const transition of ['confirm', 'decline', 'expire', 'cancel', 'terminate', 'end'] as Transition[]) {
      for (const status of BINDING_STATUSES) {
        // expiry and end only apply once expiresAt / endsAt has passed; the others only before
        const decision = decide(transition, status, transition === 'expire' ? earlier : later, now, transition === 'end' ? earlier : later);
        if (decision.kind === 'apply') allowed.push(`${decision.from} --${transition}--> ${decision.to}`);
      }
    }
    expect(allowed.sort()).toEqual(
      [
        'active --cancel--> cancelled',
        'active --terminate--> terminated',
        'pending --cancel--> cancelled',
        'pending --confirm--> active',
        'pending --decline--> declined',
        'pending --expire--> expired',
        'active --end--> ended',
      ].sort(),
    );
  });

  it('answers a repeat of the transition the binding is already in as "already"', () => {
    expect(decide('confirm', 'active', later, now)).toEqual({ kind: 'already' });
    expect(decide('cancel', 'cancelled', later, now)).toEqual({ kind: 'already' });
    expect(decide('decline', 'declined', later, now)).toEqual({ kind: 'already' });
    expect(decide('terminate', 'terminated', later, now)).toEqual({ kind: 'already' });
  });

  it('refuses everything else as invalid', () => {
    expect(decide('confirm', 'cancelled', later, now)).toEqual({ kind: 'invalid', from: 'cancelled' });
    expect(decide('decline', 'active', later, now)).toEqual({ kind: 'invalid', from: 'active' });
    expect(decide('cancel', 'declined', later, now)).toEqual({ kind: 'invalid', from: 'declined' });
    expect(decide('cancel', 'expired', later, now)).toEqual({ kind: 'invalid', from: 'expired' });
    expect(decide('terminate', 'pending', later, now)).toEqual({ kind: 'invalid', from: 'pending' });
    expect(decide('terminate', 'cancelled', later, now)).toEqual({ kind: 'invalid', from: 'cancelled' });
    expect(decide('cancel', 'terminated', later, now)).toEqual({ kind: 'invalid', from: 'terminated' });
  });

  it('treats a pending request past its expiry as expired before the job runs', () => {
    for (const transition of ['confirm', 'decline', 'cancel'] as Transition[]) {
      expect(decide(transition, 'pending', earlier, now)).toEqual({ kind: 'overdue', lapse: 'expire' });
    }
    expect(decide('expire', 'pending', now, now)).toEqual({ kind: 'apply', from: 'pending', to: 'expired' });
    expect(decide('expire', 'pending', later, now)).toEqual({ kind: 'invalid', from: 'pending' });
  });

  it('treats an active binding past its endsAt as ended before the job runs, on every transition and read', () => {
    expect(decide('cancel', 'active', later, now, earlier)).toEqual({ kind: 'overdue', lapse: 'end' });
    expect(decide('cancel', 'active', later, now, now)).toEqual({ kind: 'overdue', lapse: 'end' });
    expect(decide('cancel', 'active', later, now, later)).toEqual({ kind: 'apply', from: 'active', to: 'cancelled' });
    expect(decide('confirm', 'active', later, now, earlier)).toEqual({ kind: 'overdue', lapse: 'end' });
    expect(decide('end', 'active', later, now, earlier)).toEqual({ kind: 'apply', from: 'active', to: 'ended' });
    expect(decide('end', 'active', later, now, later)).toEqual({ kind: 'invalid', from: 'active' });
    expect(decide('end', 'active', later, now, null)).toEqual({ kind: 'invalid', from: 'active' });
    expect(decide('end', 'ended', later, now, earlier)).toEqual({ kind: 'already' });
    expect(decide('end', 'cancelled', later, now, earlier)).toEqual({ kind: 'invalid', from: 'cancelled' });
    expect(statusAt('active', earlier, now)).toBe('ended');
    expect(statusAt('active', later, now)).toBe('active');
    expect(statusAt('active', null, now)).toBe('active');
    expect(statusAt('cancelled', earlier, now)).toBe('cancelled');
  });
});
