import { describe, expect, it } from '@jest/globals';
import { decideAccess, type LiveBindingRow } from './access-check.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const later = new Date(NOW.getTime() + 60_000);
const earlier = new Date(NOW.getTime() - 1);
const row = (overrides: Partial<LiveBindingRow> = {}): LiveBindingRow => ({
  id: 'b1',
  status: 'active',
  scopes: '["products.read","orders.read"]',
  expiresAt: later,
  endsAt: null,
  ...overrides,
});

describe('decideAccess', () => {
  it('allows an active binding that holds the scope, and names it', () => {
    expect(decideAccess(row(), 'orders.read', NOW)).toEqual({ allowed: true, bindingId: 'b1', scopes: ['products.read', 'orders.read'], endsAt: null });
  });

  it('denies a scope the active binding does not hold, still naming the binding', () => {
    expect(decideAccess(row(), 'finance.read', NOW)).toEqual({ allowed: false, bindingId: 'b1', scopes: ['products.read', 'orders.read'], endsAt: null });
  });

  it('denies a pending request, naming it while it is live', () => {
    expect(decideAccess(row({ status: 'pending' }), 'orders.read', NOW)).toMatchObject({ allowed: false, bindingId: 'b1' });
  });

  it('treats a pending request past its expiry as no live binding', () => {
    expect(decideAccess(row({ status: 'pending', expiresAt: earlier }), 'orders.read', NOW)).toEqual({
      allowed: false,
      bindingId: null,
      scopes: [],
      endsAt: null,
    });
    expect(decideAccess(row({ status: 'pending', expiresAt: NOW }), 'orders.read', NOW).bindingId).toBeNull();
  });

  it('ignores the request expiry once active (a confirmed binding does not expire)', () => {
    expect(decideAccess(row({ expiresAt: earlier }), 'orders.read', NOW).allowed).toBe(true);
  });

  it('allows until endsAt and denies from that moment on, before any job has ended it', () => {
    expect(decideAccess(row({ endsAt: later }), 'orders.read', NOW)).toEqual({
      allowed: true,
      bindingId: 'b1',
      scopes: ['products.read', 'orders.read'],
      endsAt: later.toISOString(),
    });
    expect(decideAccess(row({ endsAt: NOW }), 'orders.read', NOW)).toEqual({ allowed: false, bindingId: null, scopes: [], endsAt: null });
  });

  it('denies when there is no live binding at all', () => {
    expect(decideAccess(undefined, 'orders.read', NOW)).toEqual({ allowed: false, bindingId: null, scopes: [], endsAt: null });
  });
});
