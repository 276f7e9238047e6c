import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { v7 } from 'uuid';
import { QueueName } from '@app/queue';
import {
  TestStack,
  World,
  insertDeliveryRow,
  insertIdempotencyKeyRow,
  insertSellerNoticeRow,
  insertSentEmailRow,
  waitFor,
  type Partner,
  type Seller,
} from '@app/testing';
import { createWorkerApp } from '../apps/worker/src/bootstrap.js';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
/** An id made `days` ago, as the row would have got then (ids are UUIDv7: time first). */
const idFrom = (days: number) => v7({ msecs: Date.now() - days * DAY_MS });

/**
 * The scheduled retention purge, run by the real worker against rows of different ages. Rows are
 * backdated the only way time passes in a test: their UUIDv7 ids and times are rewritten to an older moment.
 */
class Backdater {
  constructor(private readonly db: DataSource) {}

  /** Moves each event of the binding (oldest first) to the given age in days. */
  async events(bindingId: string, ...ages: number[]): Promise<string[]> {
    const events: Array<{ id: string }> = await this.db.query('SELECT id FROM binding_events WHERE binding_id = ? ORDER BY at, id', [bindingId]);
    expect(events).toHaveLength(ages.length);
    const ids: string[] = [];
    for (const [i, event] of events.entries()) {
      const id = idFrom(ages[i]!);
      await this.db.query('UPDATE binding_events SET id = ?, at = ? WHERE id = ?', [id, daysAgo(ages[i]!), event.id]);
      ids.push(id);
    }
    return ids;
  }

  delivery(partnerId: string, status: 'pending' | 'delivered' | 'failed', days: number): Promise<string> {
    return insertDeliveryRow(this.db, { partnerId, status, id: idFrom(days), eventId: idFrom(days), createdAt: daysAgo(days) });
  }

  sentEmail(status: 'pending' | 'sent' | 'failed', days: number): Promise<string> {
    return insertSentEmailRow(this.db, { status, id: idFrom(days), eventId: idFrom(days), createdAt: daysAgo(days) });
  }

  sellerNotice(seller: Seller, partner: Partner, days: number): Promise<string> {
    return insertSellerNoticeRow(this.db, {
      accountId: seller.accountId,
      partnerId: partner.id,
      id: idFrom(days),
      bindingId: idFrom(days),
      createdAt: daysAgo(days),
    });
  }
}

async function present(db: DataSource, table: string, ids: string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(`SELECT id FROM ${table} WHERE id IN (?)`, [ids]);
  return rows.map((row) => row.id).sort();
}

/** Starts the worker (whose job scheduler runs the purge at once) and returns what that run deleted. */
async function firstPurge(stack: TestStack): Promise<Record<string, number>> {
  await stack.startWorker();
  const queue = stack.api.get<Queue>(getQueueToken(QueueName.Retention), { strict: false });
  let done: Job | undefined;
  await waitFor(async () => (done = (await queue.getJobs(['completed'])).find(Boolean)) !== undefined, {
    what: 'the first retention purge',
    timeoutMs: 30_000,
  });
  return done!.returnvalue;
}

describe('retention purge (RETENTION_EVENTS_DAYS=90, other settings at their defaults)', () => {
  let stack: TestStack;
  let world: World;
  let db: DataSource;
  let seller: Seller;
  const partners: Partner[] = [];
  const rows: Record<string, { gone: string[]; kept: string[] }> = {};
  const trails: Record<string, { bindingId: string; events: string[] }> = {};
  let purged: Record<string, number>;

  beforeAll(async () => {
    // The worker starts after the rows are in place, so its first scheduled run sees them.
    stack = await TestStack.start({ worker: false, env: { RETENTION_EVENTS_DAYS: '90' } });
    world = new World(stack.client);
    db = stack.api.get(DataSource);
    const backdate = new Backdater(db);
    seller = await world.seller();
    for (let i = 0; i < 4; i++) partners.push(await world.partner());
    const [ended, endedRecently, active, pending] = await Promise.all(partners.map((partner) => world.bind(seller, partner)));
    const cancel = (binding: { id: string }) => stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token);
    expect((await cancel(ended)).status).toBe(200);
    expect((await cancel(endedRecently)).status).toBe(200);
    expect((await stack.client.post(`/v1/partner/requests/${active.id}/confirm`, partners[2]!.user.token)).status).toBe(200);
    trails.ended = { bindingId: ended.id, events: await backdate.events(ended.id, 120, 100) };
    trails.endedRecently = { bindingId: endedRecently.id, events: await backdate.events(endedRecently.id, 120, 30) };
    trails.active = { bindingId: active.id, events: await backdate.events(active.id, 120, 110) };
    trails.pending = { bindingId: pending.id, events: await backdate.events(pending.id, 120) };

    // Over two batches of old deliveries, with one still retrying among them.
    const oldDelivered = [];
    for (let i = 0; i < 1100; i++) oldDelivered.push(await backdate.delivery(partners[0]!.id, 'delivered', 40 - i / 1000));
    rows.webhook_deliveries = {
      gone: [...oldDelivered, await backdate.delivery(partners[0]!.id, 'failed', 45)],
      kept: [await backdate.delivery(partners[0]!.id, 'pending', 40.5), await backdate.delivery(partners[0]!.id, 'delivered', 20)],
    };
    rows.sent_emails = {
      gone: [await backdate.sentEmail('sent', 40), await backdate.sentEmail('failed', 40)],
      kept: [await backdate.sentEmail('pending', 40), await backdate.sentEmail('sent', 20)],
    };
    rows.seller_notices = {
      gone: [await backdate.sellerNotice(seller, partners[0]!, 200)],
      kept: [await backdate.sellerNotice(seller, partners[0]!, 100)],
    };
    await insertIdempotencyKeyRow(db, { userId: seller.admin.id, key: 'expired', expiresAt: new Date(Date.now() - 3600_000) });
    await insertIdempotencyKeyRow(db, { userId: seller.admin.id, key: 'still-valid', expiresAt: new Date(Date.now() + 3600_000) });

    purged = await firstPurge(stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['webhook_deliveries', 'sent_emails', 'seller_notices'])('deletes the old rows of %s and keeps the recent and the unfinished ones', async (table) => {
    const { gone, kept } = rows[table]!;
    expect(await present(db, table, [...gone, ...kept])).toEqual([...kept].sort());
  });

  it('reports what it deleted: exactly the old rows, nothing the service made meanwhile', () => {
    expect(purged).toEqual({ idempotencyKeys: 1, deliveries: 1101, sentEmails: 2, sellerNotices: 1, events: 2 });
  });

  it("deletes an ended binding's whole trail once its last event is past RETENTION_EVENTS_DAYS; the binding stays", async () => {
    expect(await present(db, 'binding_events', trails.ended!.events)).toEqual([]);
    const response = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${trails.ended!.bindingId}`, seller.admin.token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'cancelled', events: [] });
  });

  it('keeps every event of a binding that ended recently, or is still pending or active, however old', async () => {
    for (const name of ['endedRecently', 'active', 'pending']) {
      const { bindingId, events } = trails[name]!;
      expect(await present(db, 'binding_events', events)).toEqual([...events].sort());
      const response = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${bindingId}`, seller.admin.token);
      expect(response.body.events.map((event: { id: string }) => event.id)).toEqual(events);
    }
  });

  it('deletes expired Idempotency-Keys only', async () => {
    const keys = await db.query('SELECT idem_key AS k FROM idempotency_keys WHERE user_id = ?', [seller.admin.id]);
    expect(keys).toEqual([{ k: 'still-valid' }]);
  });

  it('runs from one job scheduler for the whole cluster, however many workers start', async () => {
    let second: INestApplication | undefined;
    try {
      second = await createWorkerApp(stack.config, { logger: false });
      await second.init();
      const queue = stack.api.get<Queue>(getQueueToken(QueueName.Retention), { strict: false });
      expect((await queue.getJobSchedulers()).map((scheduler) => scheduler.key)).toEqual(['retention-purge']);
    } finally {
      await second?.close();
    }
  });
});

describe('retention purge with the default settings', () => {
  let stack: TestStack;
  let db: DataSource;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    db = stack.api.get(DataSource);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps the audit trail forever, seller notices 180 days and delivery logs 30 days', async () => {
    const world = new World(stack.client);
    const backdate = new Backdater(db);
    const [seller, partner] = await Promise.all([world.seller(), world.partner()]);
    const binding = await world.bind(seller, partner);
    expect((await stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token)).status).toBe(200);
    const events = await backdate.events(binding.id, 3000, 2900);
    const notices = { gone: await backdate.sellerNotice(seller, partner, 181), kept: await backdate.sellerNotice(seller, partner, 179) };
    const deliveries = { gone: await backdate.delivery(partner.id, 'delivered', 31), kept: await backdate.delivery(partner.id, 'delivered', 29) };

    expect(await firstPurge(stack)).toMatchObject({ deliveries: 1, sellerNotices: 1, events: 0 });
    expect(await present(db, 'binding_events', events)).toEqual([...events].sort());
    expect(await present(db, 'seller_notices', [notices.gone, notices.kept])).toEqual([notices.kept]);
    expect(await present(db, 'webhook_deliveries', [deliveries.gone, deliveries.kept])).toEqual([deliveries.kept]);
  });
});
