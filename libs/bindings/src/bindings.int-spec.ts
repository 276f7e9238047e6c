import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsModule, AccountsService } from '@app/accounts';
import { DomainError, newId } from '@app/common';
import { Sql, isDuplicateKey } from '@app/database';
import { NOTICE_EVENT, enabledChannels, noticeJobs } from '@app/notifications';
import { PartnersModule, PartnersService } from '@app/partners';
import { JobName, QueueName } from '@app/queue';
import { ModuleContext, insertBindingRow, refuseOutboxNotice, settleAll } from '@app/testing';
import { BindingsModule } from './bindings.module.js';
import { BindingsService } from './bindings.service.js';
import { HelpfulContactsService } from './helpful-contacts.service.js';
import { IdempotencyStore, requestHash } from './idempotency.store.js';

/**
 * The binding workflow against the real MariaDB: the database's unique live index,
 * races between concurrent callers, and the outbox rows each transition writes (one notice
 * event each, plus a request's expiry timer). No relay runs here, so every outbox row a
 * transition wrote stays visible; the jobs are compared as the relay will expand them.
 */

interface OutboxRow {
  id: string;
  queueName: string;
  jobName: string;
  payload: any;
  delayMs: number;
}

interface EventRow {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string;
}

describe('BindingsService (MariaDB)', () => {
  let context: ModuleContext;
  let dataSource: DataSource;
  let bindings: BindingsService;
  let accounts: AccountsService;
  let partners: PartnersService;

  beforeAll(async () => {
    context = await ModuleContext.start([AccountsModule, PartnersModule, BindingsModule]);
    dataSource = context.get(DataSource);
    bindings = context.get(BindingsService);
    accounts = context.get(AccountsService);
    partners = context.get(PartnersService);
  });

  afterAll(async () => {
    await context?.stop();
  });

  // ---- helpers ----------------------------------------------------------------------------

  async function pair(): Promise<{ accountId: string; partnerId: string; adminId: string; partnerUserId: string }> {
    const account = await accounts.createAccount(`Seller ${newId()}`);
    const partner = await partners.createPartner({ name: `Partner ${newId()}`, certified: true, contacts: { email: `p-${newId()}@partner.test` } });
    return { accountId: account.id, partnerId: partner.id, adminId: newId(), partnerUserId: newId() };
  }

  /** Outbox rows that concern one binding (notices carry the binding, expiry jobs its id). */
  async function outboxFor(bindingId: string): Promise<OutboxRow[]> {
    const rows: Array<{ id: string; queue_name: string; job_name: string; payload: unknown; delay_ms: string | number }> = await dataSource.query(
      'SELECT id, queue_name, job_name, payload, delay_ms FROM outbox ORDER BY id',
    );
    return rows
      .map((row) => ({
        id: row.id,
        queueName: row.queue_name,
        jobName: row.job_name,
        payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
        delayMs: Number(row.delay_ms),
      }))
      .filter((row) => row.payload?.bindingId === bindingId || row.payload?.binding?.id === bindingId);
  }

  async function eventsFor(bindingId: string): Promise<EventRow[]> {
    return dataSource.query('SELECT id, type, from_status AS fromStatus, to_status AS toStatus FROM binding_events WHERE binding_id = ? ORDER BY at, id', [
      bindingId,
    ]);
  }

  async function row(bindingId: string): Promise<{ status: string; livePartnerId: string | null; version: number }> {
    const [found] = await dataSource.query('SELECT status, live_partner_id AS livePartnerId, version FROM bindings WHERE id = ?', [bindingId]);
    return found;
  }

  /** The jobs the relay will publish for these rows: a notice event becomes its channel jobs (in this configuration). */
  const asPublished = (rows: OutboxRow[]): OutboxRow[] =>
    rows.flatMap((r) =>
      r.jobName === NOTICE_EVENT.jobName
        ? noticeJobs(r.payload, enabledChannels(context.config)).map((job) => ({ ...r, queueName: job.queueName, jobName: job.jobName }))
        : [r],
    );

  /** A short description of the published jobs, to compare as a multiset: "job-name type delay?". */
  const describeJobs = (rows: OutboxRow[]) =>
    asPublished(rows)
      .map((r) => `${r.queueName}/${r.jobName}${r.payload?.type ? ` ${r.payload.type}` : ''}${r.delayMs > 0 ? ` +${r.delayMs}ms` : ''}`)
      .sort();

  /** The rows a transition wrote, by kind: notice events (one per transition) and the rest. */
  const noticeEvents = (rows: OutboxRow[]) => rows.filter((r) => r.queueName === NOTICE_EVENT.queueName && r.jobName === NOTICE_EVENT.jobName);

  /** A JSON column as read: text from MariaDB, parsed from MySQL (and from the driver when it knows the column is JSON). */
  const asJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

  const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`);

  // ---- the unique live index ----------------------------------------------------------------

  describe('one live binding per (account, partner), enforced by the database', () => {
    it('refuses a second live row written straight to the table, not only through the service', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const first = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      for (const status of ['pending', 'active'] as const) {
        const error = await insertBindingRow(dataSource, { accountId, partnerId, status, requestedBy: adminId }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(isDuplicateKey(error)).toBe(true);
      }
      const live = await dataSource.query("SELECT id FROM bindings WHERE account_id = ? AND partner_id = ? AND status IN ('pending','active')", [
        accountId,
        partnerId,
      ]);
      expect(live).toEqual([{ id: first.id }]);
    });

    it('refuses a second live row written with plain SQL that knows nothing of live_partner_id', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const first = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      const now = new Date();
      // What a hand-written back-office script or a future code path would write: only the natural columns.
      const attempt = dataSource
        .query('INSERT INTO bindings (id, account_id, partner_id, status, requested_by, requested_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          newId(),
          accountId,
          partnerId,
          'active',
          adminId,
          now,
          new Date(now.getTime() + 3600_000),
        ])
        .then(
          () => 'inserted',
          () => 'refused',
        );
      expect(await attempt).toBe('refused');
      const live = await dataSource.query("SELECT id FROM bindings WHERE account_id = ? AND partner_id = ? AND status IN ('pending','active')", [
        accountId,
        partnerId,
      ]);
      expect(live).toEqual([{ id: first.id }]);
    });

    it('allows a new binding once the first has ended, with a new id', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const first = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      await bindings.cancel(accountId, first.id, adminId);
      expect(await row(first.id)).toMatchObject({ status: 'cancelled', livePartnerId: null });

      // Straight to the table: the ended row no longer holds the slot...
      const directId = await insertBindingRow(dataSource, { accountId, partnerId, requestedBy: adminId });
      await bindings.cancel(accountId, directId, adminId);

      // ...and through the service.
      const again = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      expect(again.id).not.toBe(first.id);
      expect(again.id).not.toBe(directId);
      expect(again.status).toBe('pending');
    });

    it('lets exactly one of 30 concurrent requests for the same pair through', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: 30 }, () => bindings.requestBinding({ accountId, partnerId, requestedBy: adminId })),
      );
      expect(fulfilled).toHaveLength(1);
      expect(rejected.map(codeOf)).toEqual(Array(29).fill('BINDING_EXISTS'));

      const stored = await dataSource.query('SELECT id, status FROM bindings WHERE account_id = ? AND partner_id = ?', [accountId, partnerId]);
      expect(stored).toEqual([{ id: fulfilled[0]!.id, status: 'pending' }]);
      // The 29 losers wrote nothing: one event and one notice event (the expiry is a timer row, not an outbox row).
      expect(await eventsFor(fulfilled[0]!.id)).toHaveLength(1);
      expect(await outboxFor(fulfilled[0]!.id)).toHaveLength(1);
      const [{ events }] = await dataSource.query(
        'SELECT COUNT(*) AS events FROM binding_events e JOIN bindings b ON b.id = e.binding_id WHERE b.account_id = ? AND b.partner_id = ?',
        [accountId, partnerId],
      );
      expect(Number(events)).toBe(1);
    });
  });

  // ---- transitions and their outbox rows --------------------------------------------------

  describe('transitions write their event and jobs in the same transaction', () => {
    it('requested: seller notice and webhook, partner webhook, and an expiry timer row in MySQL (no delayed job in Redis)', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      const rows = await outboxFor(binding.id);
      expect(describeJobs(rows)).toEqual(
        [
          `${QueueName.SellerNotices}/${JobName.RecordSellerNotice} binding.requested`,
          `${QueueName.PartnerWebhooks}/${JobName.DeliverWebhook} binding.requested`,
          `${QueueName.PartnerWebhooks}/${JobName.DeliverSellerWebhook} binding.requested`,
        ].sort(),
      );
      const [event] = await eventsFor(binding.id);
      expect(event).toMatchObject({ type: 'binding.requested', fromStatus: null, toStatus: 'pending' });
      expect(rows).toHaveLength(1);
      expect(noticeEvents(rows)).toHaveLength(1);
      for (const notice of rows) {
        expect(notice.payload.eventId).toBe(event!.id);
        expect(notice.payload.binding).toEqual(binding);
        expect(notice.payload.account.id).toBe(accountId);
      }
      const timers = await dataSource.query('SELECT kind, offset_seconds AS offsetSeconds, due_at AS dueAt FROM binding_timers WHERE binding_id = ?', [
        binding.id,
      ]);
      expect(timers.map((t: { kind: string; offsetSeconds: number; dueAt: Date }) => ({ ...t, dueAt: new Date(t.dueAt).toISOString() }))).toEqual(
        expect.arrayContaining([{ kind: 'request_expiry', offsetSeconds: 0, dueAt: binding.expiresAt }]),
      );
    });

    it("a request without scopes grants all the partner offers: the binding, its event, its notice and the key's answer say so", async () => {
      const account = await accounts.createAccount(`Seller ${newId()}`);
      const partner = await partners.createPartner({
        name: `Partner ${newId()}`,
        certified: true,
        contacts: { email: `p-${newId()}@partner.test` },
        scopes: ['orders.write', 'products.read'],
      });
      const key = `turn-on-${newId()}`;
      const binding = await bindings.requestBinding({ accountId: account.id, partnerId: partner.id, requestedBy: newId(), idempotencyKey: key });
      expect(binding.scopes).toEqual(['products.read', 'orders.write']);
      const [stored] = await dataSource.query('SELECT scopes FROM bindings WHERE id = ?', [binding.id]);
      expect(asJson(stored.scopes)).toEqual(['products.read', 'orders.write']);
      const [event] = await dataSource.query('SELECT data FROM binding_events WHERE binding_id = ?', [binding.id]);
      expect(asJson(event.data)).toEqual({ expiresAt: binding.expiresAt, scopes: 'products.read orders.write' });
      const [notice] = await outboxFor(binding.id);
      expect(notice!.payload.binding).toEqual(binding);
      expect(notice!.payload.account).toEqual({ id: account.id, name: account.name });
      const replay = await bindings.requestBinding({ accountId: account.id, partnerId: partner.id, requestedBy: binding.requestedBy, idempotencyKey: key });
      expect(replay).toEqual(binding);
    });

    it('a request whose outbox write fails writes nothing and frees its key; the same request then succeeds', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const key = `turn-on-${newId()}`;
      // Make the outbox refuse this pair's request notice: the last statement of the request's packet before its answer and COMMIT.
      const allowOutbox = await refuseOutboxNotice(dataSource, { type: 'binding.requested', partnerId });
      try {
        const failures = await settleAll(Array.from({ length: 3 }, () => bindings.requestBinding({ accountId, partnerId, requestedBy: adminId })));
        expect(failures.fulfilled).toEqual([]);
        expect(failures.rejected).toHaveLength(3);
        const keyed = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId, idempotencyKey: key }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(keyed).not.toBeNull();
      } finally {
        await allowOutbox();
      }
      // Rolled back, not left open on a pooled connection (where the next START TRANSACTION would commit it).
      const others = await Promise.all(Array.from({ length: 4 }, () => pair()));
      await Promise.all(others.map((other) => bindings.requestBinding({ accountId: other.accountId, partnerId: other.partnerId, requestedBy: other.adminId })));
      const written = async () => ({
        bindings: Number((await dataSource.query('SELECT COUNT(*) AS n FROM bindings WHERE account_id = ? AND partner_id = ?', [accountId, partnerId]))[0].n),
        events: Number((await dataSource.query('SELECT COUNT(*) AS n FROM binding_events WHERE account_id = ?', [accountId]))[0].n),
        keys: Number((await dataSource.query('SELECT COUNT(*) AS n FROM idempotency_keys WHERE idem_key = ?', [key]))[0].n),
      });
      expect(await written()).toEqual({ bindings: 0, events: 0, keys: 0 });

      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId, idempotencyKey: key });
      expect(await written()).toEqual({ bindings: 1, events: 1, keys: 1 });
      expect(await outboxFor(binding.id)).toHaveLength(1);
      expect(Number((await dataSource.query('SELECT COUNT(*) AS n FROM binding_timers WHERE binding_id = ?', [binding.id]))[0].n)).toBeGreaterThan(0);
    });

    it('answering or cancelling a request deletes its timers in the same transaction', async () => {
      const timersOf = async (id: string) => Number((await dataSource.query('SELECT COUNT(*) AS n FROM binding_timers WHERE binding_id = ?', [id]))[0].n);
      const { accountId, partnerId, adminId, partnerUserId } = await pair();
      const confirmed = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      expect(await timersOf(confirmed.id)).toBeGreaterThan(0);
      await bindings.confirm(partnerId, confirmed.id, partnerUserId);
      expect(await timersOf(confirmed.id)).toBe(0);
      await bindings.cancel(accountId, confirmed.id, adminId);

      const declined = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      await bindings.decline(partnerId, declined.id, partnerUserId, null);
      expect(await timersOf(declined.id)).toBe(0);

      const cancelled = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      await bindings.cancel(accountId, cancelled.id, adminId);
      expect(await timersOf(cancelled.id)).toBe(0);
    });

    it('confirmed: the seller notice and webhook only; cancelled: those and the partner webhook', async () => {
      const { accountId, partnerId, adminId, partnerUserId } = await pair();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      const afterRequest = (await outboxFor(binding.id)).map((r) => r.id);

      const active = await bindings.confirm(partnerId, binding.id, partnerUserId);
      expect(active).toMatchObject({ status: 'active', respondedBy: partnerUserId, version: 2 });
      const confirmRows = (await outboxFor(binding.id)).filter((r) => !afterRequest.includes(r.id));
      expect(noticeEvents(confirmRows)).toEqual(confirmRows);
      expect(confirmRows).toHaveLength(1);
      expect(describeJobs(confirmRows)).toEqual(
        [
          `${QueueName.SellerNotices}/${JobName.RecordSellerNotice} binding.confirmed`,
          `${QueueName.PartnerWebhooks}/${JobName.DeliverSellerWebhook} binding.confirmed`,
        ].sort(),
      );
      const confirmedEvent = (await eventsFor(binding.id)).find((e) => e.type === 'binding.confirmed');
      expect(confirmedEvent).toMatchObject({ fromStatus: 'pending', toStatus: 'active' });
      expect(confirmRows[0]!.payload).toMatchObject({ eventId: confirmedEvent!.id, binding: active });

      const beforeCancel = (await outboxFor(binding.id)).map((r) => r.id);
      const cancelled = await bindings.cancel(accountId, binding.id, adminId);
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: adminId, version: 3 });
      const cancelRows = (await outboxFor(binding.id)).filter((r) => !beforeCancel.includes(r.id));
      expect(noticeEvents(cancelRows)).toEqual(cancelRows);
      expect(cancelRows).toHaveLength(1);
      expect(describeJobs(cancelRows)).toEqual(
        [
          `${QueueName.SellerNotices}/${JobName.RecordSellerNotice} binding.cancelled`,
          `${QueueName.PartnerWebhooks}/${JobName.DeliverWebhook} binding.cancelled`,
          `${QueueName.PartnerWebhooks}/${JobName.DeliverSellerWebhook} binding.cancelled`,
        ].sort(),
      );
      const cancelledEvent = (await eventsFor(binding.id)).find((e) => e.type === 'binding.cancelled');
      expect(cancelledEvent).toMatchObject({ fromStatus: 'active', toStatus: 'cancelled' });
      for (const notice of cancelRows) expect(notice.payload).toMatchObject({ eventId: cancelledEvent!.id, binding: cancelled });
    });

    it('a repeated transition answers the binding unchanged and writes nothing', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      const cancelled = await bindings.cancel(accountId, binding.id, adminId);
      const rowsBefore = await outboxFor(binding.id);
      const again = await bindings.cancel(accountId, binding.id, adminId);
      expect(again).toEqual(cancelled);
      expect(await outboxFor(binding.id)).toEqual(rowsBefore);
      expect(await eventsFor(binding.id)).toHaveLength(2);
    });

    it('a refused transition (invalid state) writes no event and no outbox row', async () => {
      const { accountId, partnerId, adminId, partnerUserId } = await pair();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      await bindings.cancel(accountId, binding.id, adminId);
      const rowsBefore = await outboxFor(binding.id);
      const eventsBefore = await eventsFor(binding.id);

      for (const refused of [
        () => bindings.confirm(partnerId, binding.id, partnerUserId),
        () => bindings.decline(partnerId, binding.id, partnerUserId, 'too late'),
      ]) {
        const error = await refused().then(
          () => null,
          (e: unknown) => e,
        );
        expect(codeOf(error)).toBe('INVALID_STATE');
      }
      expect(await outboxFor(binding.id)).toEqual(rowsBefore);
      expect(await eventsFor(binding.id)).toEqual(eventsBefore);
      expect(await row(binding.id)).toMatchObject({ status: 'cancelled', version: 2 });
    });

    it('a transition whose outbox write fails leaves the binding and the audit trail untouched', async () => {
      const { accountId, partnerId, adminId, partnerUserId } = await pair();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      // Make the outbox refuse this binding's confirmation notice, inside the transition's transaction.
      const allowOutbox = await refuseOutboxNotice(dataSource, { type: 'binding.confirmed', bindingId: binding.id });
      try {
        const error = await bindings.confirm(partnerId, binding.id, partnerUserId).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).not.toBeNull();
      } finally {
        await allowOutbox();
      }
      expect(await row(binding.id)).toMatchObject({ status: 'pending', livePartnerId: partnerId, version: 1 });
      expect((await eventsFor(binding.id)).map((e) => e.type)).toEqual(['binding.requested']);
      expect(await outboxFor(binding.id)).toHaveLength(1);
      // The timers the confirm deleted are back with the rollback: the request still expires.
      const kinds = await dataSource.query('SELECT kind FROM binding_timers WHERE binding_id = ? ORDER BY kind', [binding.id]);
      expect(kinds).toEqual([{ kind: 'request_expiry' }, { kind: 'request_expiry_reminder' }]);
    });
  });

  // ---- concurrency ----------------------------------------------------------------------------

  describe('concurrent transitions behave as if run one after the other', () => {
    it('confirm racing cancel: the binding ends cancelled and the events tell one consistent story', async () => {
      const { accountId, partnerId, adminId, partnerUserId } = await pair();
      const outcomes = { confirmFirst: 0, cancelFirst: 0 };
      for (let round = 0; round < 15; round++) {
        const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
        const [confirm, cancel] = await Promise.allSettled([
          bindings.confirm(partnerId, binding.id, partnerUserId),
          bindings.cancel(accountId, binding.id, adminId),
        ]);

        // Cancel is allowed from pending and from active, so it always succeeds.
        expect(cancel.status).toBe('fulfilled');
        expect(cancel.status === 'fulfilled' && cancel.value.status).toBe('cancelled');
        expect(await row(binding.id)).toMatchObject({ status: 'cancelled', livePartnerId: null });

        const events = await eventsFor(binding.id);
        const jobs = describeJobs((await outboxFor(binding.id)).filter((r) => r.payload.type !== 'binding.requested'));
        if (confirm.status === 'fulfilled') {
          outcomes.confirmFirst++;
          expect(confirm.value.status).toBe('active');
          expect(events.map((e) => `${e.fromStatus}->${e.toStatus}`)).toEqual(['null->pending', 'pending->active', 'active->cancelled']);
          expect(jobs).toEqual(
            [
              `${QueueName.SellerNotices}/${JobName.RecordSellerNotice} binding.confirmed`,
              `${QueueName.SellerNotices}/${JobName.RecordSellerNotice} binding.cancelled`,
              `${QueueName.PartnerWebhooks}/${JobName.DeliverWebhook} binding.cancelled`,
              `${QueueName.PartnerWebhooks}/${JobName.DeliverSellerWebhook} binding.confirmed`,
              `${QueueName.PartnerWebhooks}/${JobName.DeliverSellerWebhook} binding.cancelled`,
            ].sort(),
          );
        } else {
          outcomes.cancelFirst++;
          expect(codeOf(confirm.reason)).toBe('INVALID_STATE');
          expect(events.map((e) => `${e.fromStatus}->${e.toStatus}`)).toEqual(['null->pending', 'pending->cancelled']);
          expect(jobs).toEqual(
            [
              `${QueueName.SellerNotices}/${JobName.RecordSellerNotice} binding.cancelled`,
              `${QueueName.PartnerWebhooks}/${JobName.DeliverWebhook} binding.cancelled`,
              `${QueueName.PartnerWebhooks}/${JobName.DeliverSellerWebhook} binding.cancelled`,
            ].sort(),
          );
        }
      }
      expect(outcomes.confirmFirst + outcomes.cancelFirst).toBe(15);
    });

    it('expire() called 10 times at once expires the request once, with one event and one set of notices', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      const requestRows = (await outboxFor(binding.id)).map((r) => r.id);
      await dataSource.query('UPDATE bindings SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000), binding.id]);

      const results = await Promise.all(Array.from({ length: 10 }, () => bindings.expire(binding.id)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await row(binding.id)).toMatchObject({ status: 'expired', livePartnerId: null, version: 2 });
      const events = await eventsFor(binding.id);
      expect(events.filter((e) => e.type === 'binding.expired')).toHaveLength(1);
      expect(events.find((e) => e.type === 'binding.expired')).toMatchObject({ fromStatus: 'pending', toStatus: 'expired' });
      const expiryRows = (await outboxFor(binding.id)).filter((r) => !requestRows.includes(r.id));
      expect(noticeEvents(expiryRows)).toHaveLength(1);
      expect(describeJobs(expiryRows)).toEqual(
        [
          `${QueueName.SellerNotices}/${JobName.RecordSellerNotice} binding.expired`,
          `${QueueName.PartnerWebhooks}/${JobName.DeliverWebhook} binding.expired`,
          `${QueueName.PartnerWebhooks}/${JobName.DeliverSellerWebhook} binding.expired`,
        ].sort(),
      );
    });

    it('expire() before the request is due changes nothing', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const binding = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId });
      expect(await bindings.expire(binding.id)).toBe(false);
      expect(await row(binding.id)).toMatchObject({ status: 'pending', version: 1 });
      expect(await eventsFor(binding.id)).toHaveLength(1);
    });
  });

  // ---- idempotency keys -----------------------------------------------------------------------

  describe('IdempotencyStore', () => {
    it("begins, completes in the caller's transaction, replays, and refuses the key with another request", async () => {
      const store = context.get(IdempotencyStore);
      const userId = newId();
      const key = `key-${newId()}`;
      const hash = requestHash(['POST bindings', 'a', 'b']);

      expect(await store.begin(userId, key, hash)).toEqual({ kind: 'first' });
      await dataSource.transaction((tx) => store.complete(tx, userId, key, 202, { id: 'the-answer', status: 'pending' }));
      expect(await store.begin(userId, key, hash)).toEqual({ kind: 'replay', status: 202, body: { id: 'the-answer', status: 'pending' } });

      const reused = await store.begin(userId, key, requestHash(['POST bindings', 'a', 'c'])).then(
        () => null,
        (e: unknown) => e,
      );
      expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');

      // Keys are scoped to the user: another user may use the same key for anything.
      expect(await store.begin(newId(), key, requestHash(['other'])).then((s) => s.kind)).toBe('first');
    });

    it('an answer stored in a rolled-back transaction is not replayed; an abandoned key starts afresh', async () => {
      const store = context.get(IdempotencyStore);
      const userId = newId();
      const key = `key-${newId()}`;
      const hash = requestHash(['x']);
      expect(await store.begin(userId, key, hash)).toEqual({ kind: 'first' });
      await dataSource
        .transaction(async (tx) => {
          await store.complete(tx, userId, key, 202, { id: 'never' });
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await store.abandon(userId, key);
      expect(await store.begin(userId, key, hash)).toEqual({ kind: 'first' });
    });

    it('requestBinding with a key: a replay returns the first answer and creates nothing; another body is refused', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const other = await pair();
      const key = `turn-on-${newId()}`;
      const first = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId, idempotencyKey: key });
      const replay = await bindings.requestBinding({ accountId, partnerId, requestedBy: adminId, idempotencyKey: key });
      expect(replay).toEqual(first);
      const stored = await dataSource.query('SELECT id FROM bindings WHERE account_id = ? AND partner_id = ?', [accountId, partnerId]);
      expect(stored).toEqual([{ id: first.id }]);
      expect(await outboxFor(first.id)).toHaveLength(1);

      const reused = await bindings.requestBinding({ accountId, partnerId: other.partnerId, requestedBy: adminId, idempotencyKey: key }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('concurrent requests with one key create one binding and all answer it', async () => {
      const { accountId, partnerId, adminId } = await pair();
      const key = `turn-on-${newId()}`;
      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: 8 }, () => bindings.requestBinding({ accountId, partnerId, requestedBy: adminId, idempotencyKey: key })),
      );
      expect(rejected).toEqual([]);
      expect(new Set(fulfilled.map((b) => b.id)).size).toBe(1);
      const stored = await dataSource.query('SELECT id FROM bindings WHERE account_id = ? AND partner_id = ?', [accountId, partnerId]);
      expect(stored).toHaveLength(1);
    });
  });

  // ---- reads sharing statements ---------------------------------------------------------------

  describe('concurrent reads share statements and each gets its own answer', () => {
    type Page = { items: Array<{ id: string }> };

    it('binding-list pages and Helpful Contacts read at once answer what each reads alone', async () => {
      const sellers = await Promise.all([0, 1, 2].map(() => accounts.createAccount(`Seller ${newId()}`)));
      const bound = await Promise.all(
        [0, 1, 2, 3].map((i) => partners.createPartner({ name: `Partner ${i} ${newId()}`, certified: true, contacts: { email: `p-${newId()}@partner.test` } })),
      );
      // Each account: one binding per partner, statuses and request/confirm times varied (and ties in requested_at).
      const statuses = ['active', 'pending', 'cancelled', 'active'] as const;
      const base = Date.now() - 3_600_000;
      for (const [a, seller] of sellers.entries()) {
        for (const [p, partner] of bound.entries()) {
          const status = statuses[(a + p) % statuses.length]!;
          const id = await insertBindingRow(dataSource, { accountId: seller.id, partnerId: partner.id, status, requestedAt: new Date(base + (p % 2) * 1000) });
          if (status === 'active') await dataSource.query('UPDATE bindings SET responded_at = ? WHERE id = ?', [new Date(base + 5000 + p * 1000), id]);
        }
      }
      const helpful = context.get(HelpfulContactsService);
      const firstPage = await bindings.listForAccount(sellers[0]!.id, undefined, 2);
      const reads = () => [
        bindings.listForAccount(sellers[0]!.id, undefined, 2),
        bindings.listForAccount(sellers[0]!.id, undefined, 2, firstPage.nextCursor!),
        bindings.listForAccount(sellers[1]!.id, ['active'], 10),
        bindings.listForAccount(sellers[2]!.id, ['pending', 'cancelled'], 3),
        bindings.listForPartner(bound[1]!.id, undefined, 5),
        ...sellers.map((seller) => helpful.list(seller.id)),
      ];
      const alone: unknown[] = [];
      for (const read of reads()) alone.push(await read);

      const sql = context.get(Sql);
      const select = sql.select.bind(sql);
      const statements: string[] = [];
      const spy = jest.spyOn(sql, 'select').mockImplementation((text: string, values?: unknown[]) => {
        statements.push(text);
        return select(text, values);
      });
      try {
        expect(await Promise.all(reads())).toEqual(alone);
      } finally {
        spy.mockRestore();
      }
      // The first list page and the first active-bindings read go at once; the other pages share one
      // statement and the other accounts' active bindings another (partner profiles: one per batch).
      expect(statements.filter((text) => text.includes(' UNION ALL '))).toHaveLength(1);
      expect(statements.filter((text) => text.includes('WHERE account_id IN ('))).toHaveLength(2);
      expect(statements.length).toBeLessThanOrEqual(7);

      // And the answers are the right ones: two pages covering the account's four bindings, its contacts newest first.
      const [page1, page2, , , , contacts0] = alone as [Page, Page, Page, Page, Page, { items: Array<{ partner: { id: string } }> }];
      const inOrder: Array<{ id: string }> = await dataSource.query('SELECT id FROM bindings WHERE account_id = ? ORDER BY requested_at DESC, id DESC', [
        sellers[0]!.id,
      ]);
      expect([...page1.items, ...page2.items].map((item) => item.id)).toEqual(inOrder.map((row) => row.id));
      expect(contacts0.items.map((item) => item.partner.id)).toEqual([bound[3]!.id, bound[0]!.id]);
    });
  });
});
