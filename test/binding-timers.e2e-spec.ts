import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { BindingTimersService } from '@app/bindings';
import { DEFAULT_JOB_OPTIONS, QueueName, closeRedis, createRedis, queueKeyPrefix } from '@app/queue';
import { TestStack, World, waitFor, type Partner, type Seller } from '@app/testing';
import { createWorkerApp } from '../apps/worker/src/bootstrap.js';
import { scanKeysWithPrefix } from '../scripts/lib/redis-keys.mjs';

/** Every key of this stack's run (queues and the rest), as SCAN sees it on every master. */
async function runKeys(stack: TestStack): Promise<string[]> {
  const redis = createRedis(stack.config, { maxRetriesPerRequest: 1 });
  try {
    const keys = new Set<string>();
    for (const prefix of new Set([stack.config.redis.queuePrefix, queueKeyPrefix(stack.config)])) {
      for await (const batch of scanKeysWithPrefix(redis, prefix)) for (const key of batch.keys) keys.add(key);
    }
    return [...keys];
  } finally {
    await closeRedis(redis);
  }
}

/** Completed and failed jobs: the capped history (DEFAULT_JOB_OPTIONS), one hash each. */
async function historyJobs(stack: TestStack): Promise<number> {
  let jobs = 0;
  for (const counts of Object.values(await stack.queueCounts())) jobs += (counts.completed ?? 0) + (counts.failed ?? 0);
  return jobs;
}

/**
 * Binding timers live in MySQL (docs/API.md#retention): answering requests leaves nothing per request in
 * Redis, and a due timer fires exactly once however many workers sweep at the same moment.
 */
describe('binding timers: Redis follows live work, not history', () => {
  let stack: TestStack;
  let world: World;
  let db: DataSource;
  let seller: Seller;
  let partner: Partner;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { BINDING_TIMERS_EVERY_MS: '200' } });
    world = new World(stack.client);
    db = stack.api.get(DataSource);
    seller = await world.seller();
    partner = await world.partner();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** One request the partner declines, or that it confirms and the seller then cancels. */
  async function answeredRequest(i: number): Promise<string> {
    const binding = await world.bind(seller, partner);
    if (i % 2 === 0) {
      expect((await stack.client.post(`/v1/partner/requests/${binding.id}/decline`, partner.user.token, {})).status).toBe(200);
    } else {
      expect((await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token)).status).toBe(200);
      expect((await stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token)).status).toBe(200);
    }
    return binding.id;
  }

  it('after many answered requests, the run holds no per-request key: only the capped job history grew', async () => {
    // Warm up: the queues' own keys (meta, schedulers, event streams) exist from here on.
    await answeredRequest(0);
    await stack.settled();
    const before = { keys: (await runKeys(stack)).length, history: await historyJobs(stack) };

    // TIMERS_FOOTPRINT_REQUESTS raises the count for a measurement past the history cap (BENCHMARKS.md).
    const count = Number(process.env.TIMERS_FOOTPRINT_REQUESTS ?? 120);
    const answered: string[] = [];
    let halfway = '';
    for (let i = 0; i < count; i++) {
      answered.push(await answeredRequest(i));
      if (i + 1 === Math.floor(count / 2)) {
        await stack.settled(120_000);
        halfway = `; at ${i + 1}: ${(await runKeys(stack)).length} keys, of which completed/failed jobs ${await historyJobs(stack)}`;
      }
    }
    await stack.settled(120_000);

    const keys = await runKeys(stack);
    const after = { keys: keys.length, history: await historyJobs(stack) };
    // Nothing is left waiting or delayed for these requests: no expiry timer per request as before.
    const counts = await stack.queueCounts();
    // The only jobs left are the two job schedulers' (timer sweep, retention purge): the next run, delayed, and at most
    // the current one, which may be waiting or running at this moment (the sweep runs every 200 ms here). Nothing per request.
    const scheduled: string[] = [QueueName.BindingExpiry, QueueName.Retention];
    for (const [queue, count] of Object.entries(counts)) {
      const left = { queue, waiting: count.waiting, active: count.active, delayed: count.delayed };
      if (scheduled.includes(queue)) expect(left.waiting + left.active + left.delayed).toBeLessThanOrEqual(2);
      else expect(left).toEqual({ queue, waiting: 0, active: 0, delayed: 0 });
    }
    // No key is named after a binding, and apart from completed jobs (capped below) the key count is where it started.
    expect(keys.filter((key) => answered.some((id) => key.includes(id)))).toEqual([]);
    expect(after.keys - after.history).toBeLessThanOrEqual(before.keys - before.history + 5);
    // The history is capped per queue, so it stops growing once the cap is reached.
    for (const count of Object.values(counts)) expect(count.completed).toBeLessThanOrEqual(DEFAULT_JOB_OPTIONS.removeOnComplete.count);
    expect(DEFAULT_JOB_OPTIONS.removeOnFail.count).toBeGreaterThan(0);
    // MySQL keeps no timer for them either.
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM binding_timers WHERE binding_id IN (?)', [answered]))[0].n)).toBe(0);
    process.stdout.write(
      `binding timers e2e: ${answered.length} answered requests; run keys ${before.keys} → ${after.keys}, of which completed/failed jobs ${before.history} → ${after.history}${halfway}\n`,
    );
  });

  it('the scheduled sweep expires a request once its TTL passes (the request expiry is a timer row)', async () => {
    const short = await TestStack.start({ env: { BINDING_REQUEST_TTL_SECONDS: '1', BINDING_TIMERS_EVERY_MS: '200' } });
    try {
      const shortWorld = new World(short.client);
      const [s, p] = [await shortWorld.seller(), await shortWorld.partner()];
      const binding = await shortWorld.bind(s, p);
      const shortDb = short.api.get(DataSource);
      await waitFor(async () => (await shortDb.query('SELECT status FROM bindings WHERE id = ?', [binding.id]))[0].status === 'expired', {
        what: 'the sweep to expire the request',
        timeoutMs: 20_000,
      });
      expect(Number((await shortDb.query('SELECT COUNT(*) AS n FROM binding_timers WHERE binding_id = ?', [binding.id]))[0].n)).toBe(0);
      const events = await shortDb.query('SELECT type, actor_kind AS actorKind FROM binding_events WHERE binding_id = ? ORDER BY at, id', [binding.id]);
      expect(events).toEqual([
        { type: 'binding.requested', actorKind: 'seller' },
        { type: 'binding.expired', actorKind: 'system' },
      ]);
    } finally {
      await short.stop();
    }
  });
});

describe('binding timers: two workers racing fire each due timer once', () => {
  let stack: TestStack;
  let second: INestApplication;

  beforeAll(async () => {
    // The scheduled sweep runs rarely here: the test drives the sweeps itself, from both workers at once.
    stack = await TestStack.start({ env: { BINDING_REQUEST_TTL_SECONDS: '1', BINDING_TIMERS_EVERY_MS: '600000' } });
    second = await createWorkerApp(stack.config, { logger: false });
    await second.init();
  });

  afterAll(async () => {
    await second?.close();
    await stack?.stop();
  });

  it('20 overdue requests, 2 workers × 3 concurrent sweeps: exactly one binding.expired event and one notice each', async () => {
    const world = new World(stack.client);
    const seller = await world.seller();
    const partners = await Promise.all(Array.from({ length: 20 }, () => world.partner()));
    const bindings = await Promise.all(partners.map((partner) => world.bind(seller, partner)));
    const latest = Math.max(...bindings.map((b) => Date.parse(b.expiresAt)));
    await waitFor(() => Date.now() > latest + 50, { what: 'the requests to be overdue', timeoutMs: 10_000 });

    const sweepers = [stack.worker!.get(BindingTimersService, { strict: false }), second.get(BindingTimersService, { strict: false })];
    // Batches of 3 make each sweep claim several times, so the workers interleave inside one run.
    const runs = await Promise.all(sweepers.flatMap((sweeper) => [0, 1, 2].map(() => sweeper.fireDue({ batchSize: 3, deadline: Date.now() + 30_000 }))));
    expect(runs.reduce((sum, run) => sum + run.expired, 0)).toBe(20);

    const db = stack.api.get(DataSource);
    const ids = bindings.map((b) => b.id);
    const expired = await db.query(
      "SELECT binding_id AS bindingId, COUNT(*) AS n FROM binding_events WHERE type = 'binding.expired' AND binding_id IN (?) GROUP BY binding_id",
      [ids],
    );
    expect(expired).toHaveLength(20);
    for (const row of expired) expect(Number(row.n)).toBe(1);
    await stack.settled();
    const notices = await db.query("SELECT binding_id AS bindingId FROM seller_notices WHERE type = 'binding.expired' AND binding_id IN (?)", [ids]);
    expect(notices).toHaveLength(20);
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM binding_timers WHERE binding_id IN (?)', [ids]))[0].n)).toBe(0);
    // The queues of the run hold nothing for them either.
    const queue = stack.api.get<Queue>(getQueueToken(QueueName.BindingExpiry), { strict: false });
    expect(await queue.getDelayedCount()).toBeLessThanOrEqual(1);
  });
});
