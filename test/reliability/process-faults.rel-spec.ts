import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueName } from '@app/queue';
import {
  Environment,
  sleep,
  waitFor,
  type ApiClient,
  deliveredCounts,
  inBatches,
  provision,
  recordFigures,
  type RelPartner,
  type RelSeller,
  type ServiceProcess,
} from './harness.js';

/**
 * Processes dying: SIGTERM (graceful) and kill -9 of the worker and the API, and a
 * worker killed between leasing outbox rows and publishing them.
 */
describe('process faults (API and worker as OS processes)', () => {
  let env: Environment;
  let api: ServiceProcess;
  let client: ApiClient;
  let sellers: RelSeller[];
  let partners: RelPartner[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    env = await Environment.create({ WEBHOOK_TIMEOUT_MS: '4000' });
    api = await env.start('api');
    client = env.client(api);
    ({ sellers, partners } = await provision(client, env.receiver, 10, 50));
  });

  afterAll(async () => {
    recordFigures('process-faults', figures);
    await env?.close();
  });

  /** Binds seller × partner pairs (each pair once) and returns the binding ids. */
  async function bindPairs(pairs: Array<[RelSeller, RelPartner]>): Promise<string[]> {
    return inBatches(pairs, 16, async ([seller, partner]) => {
      const response = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken, { partnerId: partner.id });
      if (response.status !== 202) throw new Error(`bind: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    });
  }

  async function requestedEventIds(bindingIds: string[]): Promise<string[]> {
    const rows = await env.query<{ id: string }>(
      `SELECT id FROM binding_events WHERE type = 'binding.requested' AND binding_id IN (${bindingIds.map(() => '?').join(',')})`,
      bindingIds,
    );
    return rows.map((r) => r.id);
  }

  it('SIGTERM to the worker mid-delivery: active deliveries finish, it exits 0 within 10 s, nothing stalls, nothing twice, nothing lost', async () => {
    const slow = partners.slice(0, 3);
    for (const partner of slow) env.receiver.setDefault(partner.path, { status: 200, delayMs: 2500 });
    const worker = await env.start('worker', 'worker-sigterm');
    const ids = await bindPairs(sellers.slice(0, 8).flatMap((s) => slow.map((p) => [s, p] as [RelSeller, RelPartner])));
    const events = await requestedEventIds(ids);
    // Wait until deliveries are in flight (the receiver is holding them), then ask the worker to stop.
    await waitFor(async () => (await env.queue(QueueName.PartnerWebhooks).getActiveCount()) >= 3, { timeoutMs: 20_000, what: 'deliveries in flight' });
    const inFlight = await env.queue(QueueName.PartnerWebhooks).getActiveCount();
    const exit = await worker.stop('SIGTERM', 20_000);
    figures.workerSigterm = { inFlightAtSignal: inFlight, exitCode: exit.code, exitSignal: exit.signal, exitMs: exit.ms };
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(10_000);
    // Active jobs were finished, not abandoned: nothing is left active (a stalled job would be).
    expect(await env.queue(QueueName.PartnerWebhooks).getActiveCount()).toBe(0);
    const deliveredBeforeRestart = deliveredCounts(env.receiver).size;

    const next = await env.start('worker', 'worker-after-sigterm');
    await waitFor(() => events.every((id) => deliveredCounts(env.receiver).has(id)), {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'every notice after the restart',
    });
    await env.settled();
    const counts = deliveredCounts(env.receiver);
    const twice = events.filter((id) => (counts.get(id) ?? 0) > 1);
    const completed = await env.queue(QueueName.PartnerWebhooks).getJobs(['completed'], 0, -1);
    const stalled = completed.filter((job) => (job.stalledCounter ?? 0) > 0);
    figures.workerSigterm = {
      ...(figures.workerSigterm as object),
      notices: events.length,
      deliveredBeforeRestart,
      duplicates: twice.length,
      lost: events.filter((id) => !counts.has(id)).length,
      stalledJobs: stalled.length,
    };
    expect(twice).toEqual([]);
    expect(stalled).toHaveLength(0);
    expect(next.output).not.toMatch(/stalled/i);
    for (const partner of slow) env.receiver.setDefault(partner.path, { status: 200 });
    await next.stop('SIGTERM');
  });

  it('SIGTERM to the API under load: requests in flight finish, it exits 0 within 10 s, no answer is a 500', async () => {
    const spare = await env.start('api', 'api-sigterm');
    const spareClient = env.client(spare);
    const seller = sellers[9]!;
    const started = Date.now();
    const outcomes: Array<number | 'refused'> = [];
    const load = inBatches(Array.from({ length: 400 }), 24, async (_, i) => {
      try {
        const response =
          i % 4 === 0
            ? await spareClient.post(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken, { partnerId: partners[10 + i / 4]!.id })
            : await spareClient.get(`/v1/partners?q=partner&limit=50`, seller.adminToken);
        outcomes.push(response.status);
      } catch {
        outcomes.push('refused');
      }
    });
    await waitFor(() => outcomes.length >= 40, { what: 'requests to be under way' });
    const exit = await spare.stop('SIGTERM', 20_000);
    await load;
    const tally = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [String(o)]: (acc[String(o)] ?? 0) + 1 }), {});
    figures.apiSigterm = { requests: outcomes.length, outcomes: tally, exitCode: exit.code, exitMs: exit.ms, loadMs: Date.now() - started };
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(10_000);
    // Accepted requests completed; later ones were refused (connection refused or Fastify's 503 while closing), never a 500.
    expect(outcomes.filter((o) => typeof o === 'number' && o >= 500 && o !== 503)).toEqual([]);
    // Every bind the API answered 202 is in the database with its outbox rows or already published; none half-applied.
    const [orphans] = await env.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM bindings b WHERE NOT EXISTS (SELECT 1 FROM binding_events e WHERE e.binding_id = b.id AND e.type = 'binding.requested')",
    );
    expect(Number(orphans!.n)).toBe(0);
  });

  it('a worker killed while it holds leased outbox rows (after commit, before publish): published once after restart', async () => {
    const worker = await env.start('worker', 'worker-lease');
    env.redisProxy.cut();
    const ids = await bindPairs(sellers.slice(0, 5).map((s) => [s, partners[20]!] as [RelSeller, RelPartner]));
    const events = await requestedEventIds(ids);
    expect(events).toHaveLength(5);
    await waitFor(async () => Number((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE claim_token IS NOT NULL'))[0]!.n) > 0, {
      timeoutMs: 10_000,
      what: 'the relay to lease rows',
    });
    worker.signal('SIGKILL');
    await worker.waitForExit();
    const [leased] = await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE claim_token IS NOT NULL');
    env.redisProxy.restore();
    const restartedAt = Date.now();
    const next = await env.start('worker', 'worker-after-lease');
    await waitFor(() => events.every((id) => deliveredCounts(env.receiver, partners[20]!.path).has(id)), {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'the leased notices',
    });
    const counts = deliveredCounts(env.receiver, partners[20]!.path);
    figures.leasedCrash = {
      leasedRowsAtKill: Number(leased!.n),
      publishedAfterMs: Date.now() - restartedAt,
      duplicates: events.filter((id) => counts.get(id)! > 1).length,
    };
    expect(events.map((id) => counts.get(id))).toEqual(events.map(() => 1));
    await next.stop('SIGTERM');
  });

  it('kill -9 of the worker while it delivers 500 notices (receiver slowed down): after a restart every event id arrives, none lost', async () => {
    const targets = partners.slice(0, 50);
    for (const partner of targets) env.receiver.setDefault(partner.path, { status: 200, delayMs: 700 });
    // Committed with no worker running: the rows wait in the outbox (crash-before-publish, the other way round).
    const freshSellers = (await provision(client, env.receiver, 10, 0)).sellers;
    const ids = await bindPairs(freshSellers.flatMap((s) => targets.map((p) => [s, p] as [RelSeller, RelPartner])));
    const events = await requestedEventIds(ids);
    expect(events).toHaveLength(500);
    const worker = await env.start('worker', 'worker-kill9');
    await waitFor(() => events.filter((id) => deliveredCounts(env.receiver).has(id)).length >= 120, {
      timeoutMs: 60_000,
      intervalMs: 50,
      what: '120 notices delivered',
    });
    worker.signal('SIGKILL');
    await worker.waitForExit();
    const atKill = events.filter((id) => deliveredCounts(env.receiver).has(id)).length;
    await sleep(1000); // answers to requests the dead worker had sent still land
    const restartedAt = Date.now();
    const next = await env.start('worker', 'worker-after-kill9');
    await waitFor(() => events.every((id) => deliveredCounts(env.receiver).has(id)), {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'all 500 notices after the restart',
    });
    const recoveredMs = Date.now() - restartedAt;
    const counts = deliveredCounts(env.receiver);
    figures.kill9 = {
      notices: 500,
      deliveredAtKill: atKill,
      lost: events.filter((id) => !counts.has(id)).length,
      deliveredTwice: events.filter((id) => counts.get(id)! > 1).length,
      allDeliveredMsAfterRestart: recoveredMs,
    };
    expect(events.filter((id) => !counts.has(id))).toEqual([]);
    // Seller notices too: one per event, however often the job ran.
    const [notices] = await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM seller_notices WHERE id IN (${events.map(() => '?').join(',')})`, events);
    expect(Number(notices!.n)).toBe(500);
    for (const partner of targets) env.receiver.setDefault(partner.path, { status: 200 });
    await next.stop('SIGTERM');
  });
});
