import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsModule, AccountsService } from '@app/accounts';
import { DomainError, newId } from '@app/common';
import { PartnersModule, PartnersService } from '@app/partners';
import { ModuleContext, refuseOutboxNotice } from '@app/testing';
import { BindingTermsService } from './binding-terms.service.js';
import { BindingTimersService } from './binding-timers.service.js';
import { BindingsModule } from './bindings.module.js';
import { BindingsService } from './bindings.service.js';

/**
 * Binding timers against the real MariaDB: transitions and sweeps racing on the same binding never
 * deadlock (every writer locks timers before the binding row), every race ends in one consistent
 * outcome, and a timer whose firing fails stays to fire again.
 */
describe('binding timers (MariaDB)', () => {
  let context: ModuleContext;
  let db: DataSource;
  let bindings: BindingsService;
  let terms: BindingTermsService;
  let timers: BindingTimersService;
  let accounts: AccountsService;
  let partners: PartnersService;

  beforeAll(async () => {
    context = await ModuleContext.start([AccountsModule, PartnersModule, BindingsModule]);
    db = context.get(DataSource);
    bindings = context.get(BindingsService);
    terms = context.get(BindingTermsService);
    timers = context.get(BindingTimersService);
    accounts = context.get(AccountsService);
    partners = context.get(PartnersService);
  });

  afterAll(async () => {
    await context?.stop();
  });

  async function pair(): Promise<{ accountId: string; partnerId: string }> {
    const account = await accounts.createAccount(`Seller ${newId()}`);
    const partner = await partners.createPartner({ name: `Partner ${newId()}`, certified: true, contacts: { email: `p-${newId()}@partner.test` } });
    return { accountId: account.id, partnerId: partner.id };
  }

  const sweep = () => timers.fireDue({ batchSize: 2, deadline: Date.now() + 20_000 });
  const status = async (id: string) => (await db.query('SELECT status FROM bindings WHERE id = ?', [id]))[0].status as string;
  const eventTypes = async (id: string) =>
    (await db.query('SELECT type FROM binding_events WHERE binding_id = ? ORDER BY at, id', [id])).map((r: { type: string }) => r.type);
  const timerKinds = async (id: string) =>
    (await db.query('SELECT kind FROM binding_timers WHERE binding_id = ? ORDER BY due_at, kind', [id])).map((r: { kind: string }) => r.kind);
  const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`);

  it('a confirm racing the expiry sweep: either the confirm lands (active) or the expiry does (409), never a deadlock', async () => {
    const { accountId, partnerId } = await pair();
    const outcomes = { confirmed: 0, expired: 0 };
    for (let round = 0; round < 12; round++) {
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: newId() });
      const due = new Date(Date.now() + 100);
      await db.query('UPDATE bindings SET expires_at = ? WHERE id = ?', [due, binding.id]);
      await db.query("UPDATE binding_timers SET due_at = ?, armed_for = ? WHERE binding_id = ? AND kind = 'request_expiry'", [due, due, binding.id]);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due.getTime() - Date.now() - 2)));
      const [confirm, ...sweeps] = await Promise.allSettled([bindings.confirm(partnerId, binding.id, newId()), sweep(), sweep()]);
      for (const run of sweeps) expect(run.status).toBe('fulfilled'); // no deadlock, no lost race surfacing as an error
      if (confirm.status === 'fulfilled') {
        outcomes.confirmed++;
        expect(await status(binding.id)).toBe('active');
        expect(await eventTypes(binding.id)).toEqual(['binding.requested', 'binding.confirmed']);
        await bindings.cancel(accountId, binding.id, newId());
      } else {
        outcomes.expired++;
        expect(codeOf(confirm.reason)).toBe('INVALID_STATE');
        expect(await status(binding.id)).toBe('expired');
        expect(await eventTypes(binding.id)).toEqual(['binding.requested', 'binding.expired']);
      }
      expect(await timerKinds(binding.id)).toEqual([]);
    }
    expect(outcomes.confirmed + outcomes.expired).toBe(12);
  });

  it('a cancel racing sweeps that hold its reminders: the cancel waits for them, then deletes every timer', async () => {
    const { accountId, partnerId } = await pair();
    for (let round = 0; round < 6; round++) {
      const endsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: newId(), endsAt });
      await bindings.confirm(partnerId, binding.id, newId());
      await db.query("UPDATE binding_timers SET due_at = ? WHERE binding_id = ? AND kind = 'end_reminder'", [new Date(Date.now() - 1000), binding.id]);
      const [cancel, ...sweeps] = await Promise.allSettled([bindings.cancel(accountId, binding.id, newId()), sweep(), sweep()]);
      expect([cancel, ...sweeps].map((run) => run.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(await status(binding.id)).toBe('cancelled');
      expect(await timerKinds(binding.id)).toEqual([]);
      // A reminder went out only if it was claimed before the cancel took the timers: at most once per offset.
      const reminders = await db.query(
        "SELECT COUNT(*) AS n FROM outbox WHERE JSON_VALUE(payload, '$.type') = 'binding.ending_soon' AND JSON_VALUE(payload, '$.binding.id') = ?",
        [binding.id],
      );
      expect(Number(reminders[0].n)).toBeLessThanOrEqual(2);
    }
  });

  it('an extension racing the sweep of its old reminders never leaves a timer for the old end', async () => {
    const { accountId, partnerId } = await pair();
    const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: newId(), endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await bindings.confirm(partnerId, binding.id, newId());
    await db.query("UPDATE binding_timers SET due_at = ? WHERE binding_id = ? AND kind = 'end_reminder'", [new Date(Date.now() - 1000), binding.id]);
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString();
    const [extended] = await Promise.all([terms.extend(accountId, binding.id, later, newId()), sweep(), sweep()]);
    expect(extended.endsAt).toBe(later);
    const armed = await db.query('SELECT kind, armed_for AS armedFor FROM binding_timers WHERE binding_id = ? ORDER BY due_at', [binding.id]);
    expect(armed.map((t: { kind: string; armedFor: Date }) => [t.kind, new Date(t.armedFor).toISOString()])).toEqual([
      ['end_reminder', later],
      ['end_reminder', later],
      ['binding_end', later],
    ]);
  });

  it('a timer whose firing fails is rolled back with it and postponed; the others still fire; it fires once it can', async () => {
    const { accountId, partnerId } = await pair();
    const stuck = await bindings.requestBinding({ accountId, partnerId, requestedBy: newId() });
    const other = await pair();
    const fine = await bindings.requestBinding({ accountId: other.accountId, partnerId: other.partnerId, requestedBy: newId() });
    const past = new Date(Date.now() - 1000);
    for (const [binding, at] of [
      [stuck, past],
      [fine, new Date(past.getTime() + 1)],
    ] as const) {
      await db.query('UPDATE bindings SET expires_at = ? WHERE id = ?', [at, binding.id]);
      await db.query("UPDATE binding_timers SET due_at = ?, armed_for = ? WHERE binding_id = ? AND kind = 'request_expiry'", [at, at, binding.id]);
    }
    const allowOutbox = await refuseOutboxNotice(db, { type: 'binding.expired', bindingId: stuck.id });
    try {
      // The stuck timer is due first, in the same batch as the fine one: it must not hold the fine one back.
      expect(await sweep()).toMatchObject({ failed: 1, expired: 1 });
    } finally {
      await allowOutbox();
    }
    expect(await status(fine.id)).toBe('expired');
    expect(await status(stuck.id)).toBe('pending'); // still counts as expired on every read and transition
    const [postponed] = await db.query("SELECT due_at AS dueAt FROM binding_timers WHERE binding_id = ? AND kind = 'request_expiry'", [stuck.id]);
    expect(new Date(postponed.dueAt).getTime()).toBeGreaterThan(Date.now());

    await db.query("UPDATE binding_timers SET due_at = ? WHERE binding_id = ? AND kind = 'request_expiry'", [past, stuck.id]); // the retry comes due
    expect((await sweep()).expired).toBe(1);
    expect(await status(stuck.id)).toBe('expired');
    expect(await eventTypes(stuck.id)).toEqual(['binding.requested', 'binding.expired']);
    expect(await timerKinds(stuck.id)).toEqual([]);
  });
});
