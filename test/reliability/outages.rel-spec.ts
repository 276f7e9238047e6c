import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Environment,
  deliveredCounts,
  inBatches,
  provision,
  recordFigures,
  sleep,
  waitFor,
  type ApiClient,
  type RelPartner,
  type RelSeller,
  type ServiceProcess,
} from './harness.js';

/** Redis and MySQL cut through the proxies; one partner's endpoint hanging. No process is restarted. */
describe('outages (API and worker as OS processes)', () => {
  let env: Environment;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let client: ApiClient;
  let sellers: RelSeller[];
  let partners: RelPartner[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    env = await Environment.create({ WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_PER_PARTNER_CONCURRENCY: '2' });
    api = await env.start('api');
    worker = await env.start('worker');
    client = env.client(api);
    ({ sellers, partners } = await provision(client, env.receiver, 40, 6));
  });

  afterAll(async () => {
    recordFigures('outages', figures);
    await env?.close();
  });

  it('Redis cut for 30 s under a steady stream of binds: binds succeed, /health/ready is 503, everything is delivered after restore', async () => {
    const partner = partners[0]!;
    const statuses: number[] = [];
    const ids: string[] = [];
    let i = 0;
    const bindMs: number[] = [];
    const bindOne = async () => {
      const seller = sellers[i++]!;
      const started = Date.now();
      const response = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken, { partnerId: partner.id });
      statuses.push(response.status);
      bindMs.push(Date.now() - started);
      if (response.status === 202) ids.push(response.body.id);
    };
    await bindOne();
    env.redisProxy.cut();
    const cutAt = Date.now();
    const ready: number[] = [];
    while (Date.now() - cutAt < 30_000) {
      const [, apiReady, workerReady] = await Promise.all([bindOne(), fetch(`${api.url}/health/ready`), fetch(`${worker.url}/health/ready`), sleep(1000)]);
      ready.push(apiReady.status, workerReady.status);
    }
    env.redisProxy.restore();
    const restoredAt = Date.now();
    const events = (
      await env.query<{ id: string }>(`SELECT id FROM binding_events WHERE type = 'binding.requested' AND binding_id IN (${ids.map(() => '?').join(',')})`, ids)
    ).map((r) => r.id);
    await waitFor(() => events.every((id) => deliveredCounts(env.receiver, partner.path).has(id)), {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'every notice after Redis is back',
    });
    const counts = deliveredCounts(env.receiver, partner.path);
    figures.redisCut = {
      cutSeconds: 30,
      binds: statuses.length,
      bindStatuses: [...new Set(statuses)],
      slowestBindMs: Math.max(...bindMs),
      readyStatusesDuringCut: [...new Set(ready)],
      allDeliveredMsAfterRestore: Date.now() - restoredAt,
      lost: events.filter((id) => !counts.has(id)).length,
      deliveredTwice: events.filter((id) => counts.get(id)! > 1).length,
    };
    expect(statuses.every((s) => s === 202)).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ready)).toEqual(new Set([503]));
    expect(events).toHaveLength(ids.length);
    expect(api.exit).toBeNull();
    expect(worker.exit).toBeNull();
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
  });

  it('MySQL cut: the API answers 503 UNAVAILABLE quickly, nothing is half-applied, and it recovers by itself', async () => {
    const before = await env.fingerprint();
    env.dbProxy.cut();
    const timings: number[] = [];
    const answers: Array<{ status: number; code?: string; type: string }> = [];
    for (const [n, seller] of sellers.slice(0, 6).entries()) {
      const started = Date.now();
      const response =
        n % 2 === 0
          ? await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken, { partnerId: partners[1]!.id })
          : await client.get(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken);
      timings.push(Date.now() - started);
      answers.push({ status: response.status, code: response.body?.code, type: response.contentType });
    }
    const ready = (await fetch(`${api.url}/health/ready`)).status;
    env.dbProxy.restore();
    const restoredAt = Date.now();
    await waitFor(
      async () => (await client.post(`/v1/accounts/${sellers[0]!.accountId}/bindings`, sellers[0]!.adminToken, { partnerId: partners[1]!.id })).status === 202,
      { timeoutMs: 30_000, intervalMs: 250, what: 'the API to recover' },
    );
    figures.mysqlCut = {
      requests: answers.length,
      statuses: [...new Set(answers.map((a) => a.status))],
      slowestMs: Math.max(...timings),
      readyDuringCut: ready,
      recoveredMsAfterRestore: Date.now() - restoredAt,
    };
    for (const answer of answers) expect(answer).toEqual({ status: 503, code: 'UNAVAILABLE', type: expect.stringContaining('application/problem+json') });
    expect(Math.max(...timings)).toBeLessThan(5000);
    expect(ready).toBe(503);
    // Only the successful bind after restore changed the database: the refused ones left nothing behind.
    const [row] = await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM bindings WHERE partner_id = ?', [partners[1]!.id]);
    expect(Number(row!.n)).toBe(1);
    expect(before).not.toBe(''); // fingerprint taken while the proxy was up
  });

  it("one partner's endpoint hangs: deliveries to the other partners keep their latency", async () => {
    const [hanging, ...others] = partners.slice(2, 6) as [RelPartner, ...RelPartner[]];
    env.receiver.setDefault(hanging.path, { status: 200, delayMs: 60_000 });
    const latencies = async (targets: RelPartner[], from: RelSeller[]) => {
      const sent = await inBatches(
        from.flatMap((s) => targets.map((p) => [s, p] as const)),
        8,
        async ([s, p]) => {
          const response = await client.post(`/v1/accounts/${s.accountId}/bindings`, s.adminToken, { partnerId: p.id });
          expect(response.status).toBe(202);
          return { id: response.body.id as string, at: Date.now(), path: p.path };
        },
      );
      await waitFor(() => sent.every((b) => env.receiver.deliveredTo(b.path).some((r) => r.body?.data?.binding?.id === b.id)), {
        timeoutMs: 30_000,
        what: 'deliveries to healthy partners',
      });
      return sent.map((b) => env.receiver.deliveredTo(b.path).find((r) => r.body?.data?.binding?.id === b.id)!.receivedAt - b.at).sort((a, b) => a - b);
    };
    const baseline = await latencies(others, sellers.slice(0, 5));
    // 20 notices to the hanging partner, then the same load to the others again.
    await inBatches(sellers.slice(0, 20), 8, async (s) =>
      expect((await client.post(`/v1/accounts/${s.accountId}/bindings`, s.adminToken, { partnerId: hanging.id })).status).toBe(202),
    );
    await sleep(500);
    const during = await latencies(others, sellers.slice(5, 10));
    const p95 = (xs: number[]) => xs[Math.floor(xs.length * 0.95)]!;
    figures.hangingPartner = {
      baselineP95Ms: p95(baseline),
      duringHangP95Ms: p95(during),
      hangingNotices: 20,
      perPartnerConcurrency: 2,
      webhookTimeoutMs: 2000,
    };
    expect(p95(during)).toBeLessThan(Math.max(2000, p95(baseline) * 4));
  });
});
