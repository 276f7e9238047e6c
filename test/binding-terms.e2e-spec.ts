import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BindingTimersService } from '@app/bindings';
import { TestStack, WebhookReceiver, World, expectProblem, waitFor, type Partner, type ReceivedWebhook, type Seller } from '@app/testing';
import { createWorkerApp } from '../apps/worker/src/bootstrap.js';

const SECOND = 1000;
const DAY = 86_400 * SECOND;
const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

interface TimerRow {
  kind: string;
  offsetSeconds: number;
  dueAt: string;
  armedFor: string;
}

/**
 * Fixed terms and reminders (docs/API.md#fixed-terms, #reminders). The scheduled sweep runs rarely here
 * (BINDING_TIMERS_EVERY_MS=600000): the tests move timers' due times into the past and sweep themselves,
 * from two worker processes at once, so "before the job has run" and "exactly once" are both observable.
 */
describe('binding terms: endsAt, extend, ended, reminders', () => {
  let stack: TestStack;
  let second: INestApplication;
  let world: World;
  let db: DataSource;
  let receiver: WebhookReceiver;
  let seller: Seller;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({
      env: { BINDING_TIMERS_EVERY_MS: '600000', BINDING_END_REMINDERS_SECONDS: '604800,86400', REQUEST_EXPIRY_REMINDER_SECONDS: '86400' },
    });
    second = await createWorkerApp(stack.config, { logger: false });
    await second.init();
    world = new World(stack.client);
    db = stack.api.get(DataSource);
    seller = await world.seller();
  });

  afterAll(async () => {
    await second?.close();
    await stack?.stop();
    await receiver?.stop();
  });

  const bindingsPath = () => `/v1/accounts/${seller.accountId}/bindings`;

  async function turnOn(partner: Partner, endsAt?: string | null): Promise<any> {
    const response = await stack.client.post(bindingsPath(), seller.admin.token, { partnerId: partner.id, ...(endsAt === undefined ? {} : { endsAt }) });
    expect(response.status).toBe(202);
    return response.body;
  }

  async function activeBinding(partner: Partner, endsAt: string | null): Promise<any> {
    const binding = await turnOn(partner, endsAt);
    const confirmed = await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expect(confirmed.status).toBe(200);
    return confirmed.body;
  }

  function extend(bindingId: string, endsAt: string | null, token = seller.admin.token) {
    return stack.client.post(`${bindingsPath()}/${bindingId}/extend`, token, { endsAt });
  }

  async function detail(bindingId: string): Promise<any> {
    const response = await stack.client.get(`${bindingsPath()}/${bindingId}`, seller.viewer.token);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function timers(bindingId: string): Promise<TimerRow[]> {
    const rows = await db.query(
      'SELECT kind, offset_seconds AS offsetSeconds, due_at AS dueAt, armed_for AS armedFor FROM binding_timers WHERE binding_id = ? ORDER BY due_at',
      [bindingId],
    );
    return rows.map((r: any) => ({
      kind: r.kind,
      offsetSeconds: Number(r.offsetSeconds),
      dueAt: new Date(r.dueAt).toISOString(),
      armedFor: new Date(r.armedFor).toISOString(),
    }));
  }

  /** Makes timers of these kinds due now (time passing, the only way it can in a test). */
  async function makeDue(bindingId: string, kinds: string[]): Promise<void> {
    await db.query('UPDATE binding_timers SET due_at = ? WHERE binding_id = ? AND kind IN (?)', [new Date(Date.now() - SECOND), bindingId, kinds]);
  }

  /** Two workers, three sweeps each, all at once. */
  async function raceSweeps(): Promise<Record<string, number>> {
    const sweepers = [stack.worker!.get(BindingTimersService, { strict: false }), second.get(BindingTimersService, { strict: false })];
    const runs = await Promise.all(sweepers.flatMap((sweeper) => [0, 1, 2].map(() => sweeper.fireDue({ batchSize: 2, deadline: Date.now() + 30_000 }))));
    const total: Record<string, number> = {};
    for (const run of runs) for (const [key, value] of Object.entries(run)) total[key] = (total[key] ?? 0) + value;
    return total;
  }

  async function eventTypes(bindingId: string): Promise<string[]> {
    return (await detail(bindingId)).events.map((e: { type: string }) => e.type);
  }

  async function sellerNotices(bindingId: string, type: string): Promise<number> {
    return Number((await db.query('SELECT COUNT(*) AS n FROM seller_notices WHERE binding_id = ? AND type = ?', [bindingId, type]))[0].n);
  }

  function hooks(path: string, type: string): ReceivedWebhook[] {
    const seen = new Map<string, ReceivedWebhook>();
    for (const hook of receiver.deliveredTo(path)) if (hook.body?.type === type && !seen.has(hook.body.id)) seen.set(hook.body.id, hook);
    return [...seen.values()];
  }

  it('"Turn On" takes an endsAt 60 s to 2 years ahead; anything else is 400 and creates nothing', async () => {
    const partner = await world.partner();
    for (const endsAt of [inFuture(30 * SECOND), inFuture(-DAY), inFuture(3 * 366 * DAY), '2027-01-01', 'tomorrow', '2027-01-01T00:00:00', 42, { at: 1 }]) {
      const response = await stack.client.post(bindingsPath(), seller.admin.token, { partnerId: partner.id, endsAt });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    }
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM bindings WHERE partner_id = ?', [partner.id]))[0].n)).toBe(0);

    // An end sooner than the request's TTL (7 days) makes the request expire then too.
    const endsAt = inFuture(2 * DAY);
    const binding = await turnOn(partner, endsAt);
    expect(binding).toMatchObject({ status: 'pending', endsAt, endedAt: null, expiresAt: endsAt });
    expect((await timers(binding.id)).map((t) => [t.kind, t.offsetSeconds, t.armedFor])).toEqual([
      ['request_expiry_reminder', 86400, endsAt],
      ['request_expiry', 0, endsAt],
    ]);
    const open = await turnOn(await world.partner(), null);
    expect(open.endsAt).toBeNull();
  });

  it('confirming arms the end and the reminders still ahead (a reminder already past is skipped)', async () => {
    const endsAt = inFuture(3 * DAY); // the one-week reminder is already past; the one-day reminder is ahead
    const binding = await activeBinding(await world.partner(), endsAt);
    expect(binding).toMatchObject({ status: 'active', endsAt });
    expect((await timers(binding.id)).map((t) => [t.kind, t.offsetSeconds, t.dueAt])).toEqual([
      ['end_reminder', 86400, new Date(Date.parse(endsAt) - DAY).toISOString()],
      ['binding_end', 0, endsAt],
    ]);
    const contacts = await stack.client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token);
    expect(contacts.body.items.find((item: { bindingId: string }) => item.bindingId === binding.id)).toMatchObject({ endsAt });
  });

  it('extend: admin only, active only, later or null; re-arms the timers; open-ended cannot be given an end', async () => {
    const partner = await world.partner();
    const endsAt = inFuture(10 * DAY);
    const binding = await activeBinding(partner, endsAt);

    expect((await extend(binding.id, inFuture(20 * DAY), seller.manager.token)).status).toBe(403);
    expectProblem(await extend(binding.id, inFuture(5 * DAY)), 400, 'VALIDATION_FAILED'); // earlier
    expectProblem(await extend(binding.id, endsAt), 400, 'VALIDATION_FAILED'); // the same
    expectProblem(await extend(binding.id, inFuture(800 * DAY)), 400, 'VALIDATION_FAILED'); // past 2 years
    expectProblem(await stack.client.post(`${bindingsPath()}/${binding.id}/extend`, seller.admin.token, {}), 400, 'VALIDATION_FAILED'); // endsAt missing
    expect((await detail(binding.id)).version).toBe(binding.version); // nothing changed

    const later = inFuture(30 * DAY);
    const extended = await extend(binding.id, later);
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ status: 'active', endsAt: later, version: binding.version + 1 });
    expect((await timers(binding.id)).map((t) => [t.kind, t.offsetSeconds, t.armedFor])).toEqual([
      ['end_reminder', 604800, later],
      ['end_reminder', 86400, later],
      ['binding_end', 0, later],
    ]);
    const event = (await detail(binding.id)).events.at(-1);
    expect(event).toMatchObject({
      type: 'binding.extended',
      actorKind: 'seller',
      actorId: seller.admin.id,
      fromStatus: 'active',
      toStatus: 'active',
      data: { previousEndsAt: endsAt, endsAt: later },
    });

    const open = await extend(binding.id, null);
    expect(open.status).toBe(200);
    expect(open.body.endsAt).toBeNull();
    expect(await timers(binding.id)).toEqual([]);
    expectProblem(await extend(binding.id, inFuture(40 * DAY)), 400, 'VALIDATION_FAILED'); // open-ended: ask for a new binding
    expect((await extend(binding.id, null)).status).toBe(200); // already open-ended: unchanged
    expect((await eventTypes(binding.id)).filter((t) => t === 'binding.extended')).toHaveLength(2);

    const pending = await turnOn(await world.partner(), inFuture(5 * DAY));
    expectProblem(await extend(pending.id, inFuture(6 * DAY)), 409, 'INVALID_STATE');
    expect((await stack.client.post(`${bindingsPath()}/${binding.id}/cancel`, seller.admin.token)).status).toBe(200);
    expectProblem(await extend(binding.id, null), 409, 'INVALID_STATE');
    await stack.settled();
    expect(await sellerNotices(binding.id, 'binding.extended')).toBe(2);
  });

  it('a passed endsAt counts at once (reads, transitions, the slot); the timer then records binding.ended exactly once', async () => {
    const path = `/ended-${Date.now()}`;
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const binding = await activeBinding(partner, inFuture(5 * DAY));
    // The end passes; the timer has not run.
    const past = new Date(Date.now() - SECOND);
    await db.query('UPDATE bindings SET ends_at = ? WHERE id = ?', [past, binding.id]);
    await db.query("UPDATE binding_timers SET due_at = ?, armed_for = ? WHERE binding_id = ? AND kind = 'binding_end'", [past, past, binding.id]);

    const shown = await detail(binding.id);
    expect(shown).toMatchObject({ status: 'ended', endedAt: past.toISOString() });
    const listed = await stack.client.get(`${bindingsPath()}?status=ended`, seller.viewer.token);
    expect(listed.body.items.map((b: { id: string }) => b.id)).toContain(binding.id);
    const active = await stack.client.get(`${bindingsPath()}?status=active`, seller.viewer.token);
    expect(active.body.items.map((b: { id: string }) => b.id)).not.toContain(binding.id);
    const contacts = await stack.client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token);
    expect(JSON.stringify(contacts.body)).not.toContain(binding.id);
    expect((await db.query('SELECT status FROM bindings WHERE id = ?', [binding.id]))[0].status).toBe('active'); // not yet recorded

    // Extending or cancelling an ended binding is refused, and records the end; the slot is free for a new request.
    expectProblem(await extend(binding.id, inFuture(30 * DAY)), 409, 'INVALID_STATE');
    expectProblem(await stack.client.post(`${bindingsPath()}/${binding.id}/cancel`, seller.admin.token), 409, 'INVALID_STATE');
    const again = await turnOn(partner);
    expect(again.status).toBe('pending');

    // The timer (if the refusals had not recorded it already) finds nothing left to do: one binding.ended.
    await raceSweeps();
    expect(await eventTypes(binding.id)).toEqual(['binding.requested', 'binding.confirmed', 'binding.ended']);
    const ended = (await detail(binding.id)).events.at(-1);
    expect(ended).toMatchObject({ actorKind: 'system', fromStatus: 'active', toStatus: 'ended' });
    expect(await timers(binding.id)).toEqual([]);
    await stack.settled();
    await waitFor(() => hooks(path, 'binding.ended').length === 1, { what: 'the partner to hear binding.ended' });
    expect(hooks(path, 'binding.ended')[0]!.body.data.binding).toMatchObject({ id: binding.id, status: 'ended', endedAt: past.toISOString() });
    expect(await sellerNotices(binding.id, 'binding.ended')).toBe(1);
  });

  it('the end timer alone ends a binding: 2 workers racing, one binding.ended each', async () => {
    const bindings = await Promise.all(Array.from({ length: 6 }, async () => activeBinding(await world.partner(), inFuture(5 * DAY))));
    const past = new Date(Date.now() - SECOND);
    for (const b of bindings) {
      await db.query('UPDATE bindings SET ends_at = ? WHERE id = ?', [past, b.id]);
      await db.query('UPDATE binding_timers SET due_at = ?, armed_for = ? WHERE binding_id = ?', [past, past, b.id]);
    }
    const fired = await raceSweeps();
    expect(fired.ended).toBe(6);
    for (const b of bindings) {
      expect((await db.query('SELECT status, live_partner_id AS live, ended_at AS endedAt FROM bindings WHERE id = ?', [b.id]))[0]).toMatchObject({
        status: 'ended',
        live: null,
      });
      expect((await eventTypes(b.id)).filter((t) => t === 'binding.ended')).toHaveLength(1);
    }
  });

  it('each reminder goes out once across 2 racing workers, to both sides, carrying data.remindAt; the partner alone hears request_expiring', async () => {
    const path = `/remind-${Date.now()}`;
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const endsAt = inFuture(30 * DAY);
    const binding = await activeBinding(partner, endsAt);
    await makeDue(binding.id, ['end_reminder']);
    const due = (await timers(binding.id)).filter((t) => t.kind === 'end_reminder').map((t) => t.dueAt);
    expect(due).toHaveLength(2);

    const request = await turnOn(await world.partner({ webhookUrl: receiver.url(path) }));
    await makeDue(request.id, ['request_expiry_reminder']);

    const fired = await raceSweeps();
    expect(fired.reminded).toBe(3);
    expect(await raceSweeps()).toMatchObject({ reminded: 0 }); // fired and deleted: nothing left to send
    await stack.settled();
    await waitFor(() => hooks(path, 'binding.ending_soon').length === 2 && hooks(path, 'binding.request_expiring').length === 1, {
      what: 'the reminders at the partner',
    });
    expect(
      hooks(path, 'binding.ending_soon')
        .map((h) => h.body.data.remindAt)
        .sort(),
    ).toEqual([...due].sort());
    expect(hooks(path, 'binding.ending_soon')[0]!.body.data.binding).toMatchObject({ id: binding.id, endsAt });
    expect(hooks(path, 'binding.request_expiring')[0]!.body.data).toMatchObject({
      binding: { id: request.id, status: 'pending' },
      remindAt: expect.any(String),
    });
    expect(await sellerNotices(binding.id, 'binding.ending_soon')).toBe(2);
    expect(await sellerNotices(request.id, 'binding.request_expiring')).toBe(0);
    // Reminders are notices, not transitions: the audit trail does not change.
    expect(await eventTypes(binding.id)).toEqual(['binding.requested', 'binding.confirmed']);
    expect(await timers(binding.id)).toEqual([expect.objectContaining({ kind: 'binding_end' })]);

    // An extension re-arms the reminders for the new end; they go out again, for that end.
    const later = inFuture(60 * DAY);
    expect((await extend(binding.id, later)).status).toBe(200);
    await makeDue(binding.id, ['end_reminder']);
    expect((await raceSweeps()).reminded).toBe(2);
    await stack.settled();
    await waitFor(() => hooks(path, 'binding.ending_soon').length === 4, { what: 'the re-armed reminders' });
    expect(hooks(path, 'binding.ending_soon').filter((h) => h.body.data.binding.endsAt === later)).toHaveLength(2);
  });

  it('reminder vs extension racing: the old end is reminded at most once, the new end is armed either way', async () => {
    for (let round = 0; round < 4; round++) {
      const binding = await activeBinding(await world.partner(), inFuture(30 * DAY));
      await makeDue(binding.id, ['end_reminder']);
      const later = inFuture(90 * DAY);
      const [fired, extended] = await Promise.all([raceSweeps(), extend(binding.id, later)]);
      expect(extended.status).toBe(200);
      expect(fired.reminded).toBeLessThanOrEqual(2);
      // Whatever won, the new end's timers are there and due in the future; no stale timer survives.
      expect((await timers(binding.id)).map((t) => [t.kind, t.armedFor])).toEqual([
        ['end_reminder', later],
        ['end_reminder', later],
        ['binding_end', later],
      ]);
      await stack.settled();
      const notices = await db.query("SELECT COUNT(*) AS n FROM seller_notices WHERE binding_id = ? AND type = 'binding.ending_soon'", [binding.id]);
      expect(Number(notices[0].n)).toBe(fired.reminded);
    }
  });

  it('end vs extend racing: either the extension lands first (still active, later end) or the end does (ended, 409) — never both', async () => {
    const outcomes = { extended: 0, ended: 0 };
    for (let round = 0; round < 6; round++) {
      const binding = await activeBinding(await world.partner(), inFuture(5 * DAY));
      const soon = new Date(Date.now() + 300);
      await db.query('UPDATE bindings SET ends_at = ? WHERE id = ?', [soon, binding.id]);
      await db.query("UPDATE binding_timers SET due_at = ?, armed_for = ? WHERE binding_id = ? AND kind = 'binding_end'", [soon, soon, binding.id]);
      await waitFor(() => Date.now() >= soon.getTime() - 5, { what: 'the end to come' });
      // The API refuses an end this close, so the race is driven at the edge: the end passes while both run.
      const [extendedResponse] = await Promise.all([extend(binding.id, inFuture(30 * DAY)), raceSweeps()]);
      const types = await eventTypes(binding.id);
      const row = (await db.query('SELECT status FROM bindings WHERE id = ?', [binding.id]))[0];
      if (extendedResponse.status === 200) {
        outcomes.extended++;
        expect(row.status).toBe('active');
        expect(types).toEqual(['binding.requested', 'binding.confirmed', 'binding.extended']);
      } else {
        outcomes.ended++;
        expectProblem(extendedResponse, 409, 'INVALID_STATE');
        expect(row.status).toBe('ended');
        expect(types).toEqual(['binding.requested', 'binding.confirmed', 'binding.ended']);
        expect(await timers(binding.id)).toEqual([]);
      }
    }
    expect(outcomes.extended + outcomes.ended).toBe(6);
  });
});
