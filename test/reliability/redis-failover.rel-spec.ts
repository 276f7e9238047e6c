import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { queueKeyPrefix } from '@app/queue';
import { LocalRedis } from '../support/local-redis.js';
import {
  Environment,
  deliveredCounts,
  provision,
  recordFigures,
  sleep,
  waitFor,
  type ApiClient,
  type RelPartner,
  type RelSeller,
  type ServiceProcess,
} from './harness.js';

/** Ports of scripts/redis-local.mjs topologies that no other test uses. */
const TOPOLOGIES = [
  { kind: 'cluster', port: 7110 },
  { kind: 'sentinel', port: 7120 },
] as const;

interface Bind {
  id: string;
  status: number;
  answeredAt: number;
  ms: number;
}

/**
 * A Redis failover under load: the master that holds the queues dies (kill -9) while binds
 * are made and their notices delivered; a replica is promoted (by the cluster itself, or by
 * the sentinels). Nothing may be lost and no process may need a restart.
 */
describe.each(TOPOLOGIES)('Redis $kind failover (API and worker as OS processes)', ({ kind, port }) => {
  let redis: LocalRedis;
  let env: Environment;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let client: ApiClient;
  let sellers: RelSeller[];
  let partners: RelPartner[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    redis = await LocalRedis.start(kind, port);
    env = await Environment.create(redis.env);
    [api, worker] = await Promise.all([env.start('api', `api-${kind}`), env.start('worker', `worker-${kind}`)]);
    client = env.client(api);
    ({ sellers, partners } = await provision(client, env.receiver, 30, 12));
    // Partners answer after a moment, so deliveries are in flight when the master dies.
    for (const partner of partners) env.receiver.setDefault(partner.path, { status: 200, delayMs: 150 });
  });

  afterAll(async () => {
    recordFigures('redis-failover', { [kind]: figures });
    await env?.close();
    await redis?.stop();
  });

  /** Binds every seller × partner pair, one every 60 ms (at most 8 in flight), until `stop()` or the pairs run out. */
  function steadyBinds() {
    const pairs = sellers.flatMap((seller) => partners.map((partner) => [seller, partner] as const));
    const binds: Bind[] = [];
    const failures: string[] = [];
    let stopped = false;
    const inFlight = new Set<Promise<void>>();
    const done = (async () => {
      for (const [seller, partner] of pairs) {
        if (stopped) break;
        while (inFlight.size >= 8) await Promise.race(inFlight);
        const started = Date.now();
        const request = client
          .post(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken, { partnerId: partner.id })
          .then((response) => {
            binds.push({ id: response.body?.id, status: response.status, answeredAt: Date.now(), ms: Date.now() - started });
          })
          .catch((error: unknown) => void failures.push(String(error)))
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
        await sleep(60);
      }
      await Promise.all(inFlight);
    })();
    return { binds, failures, stop: async () => ((stopped = true), await done) };
  }

  it('kill -9 of the master holding the queues while binds and deliveries flow: a replica takes over, nothing is lost, no restart', async () => {
    const load = steadyBinds();
    await waitFor(() => deliveredCounts(env.receiver).size >= 20, { timeoutMs: 30_000, what: 'deliveries to be flowing' });

    const queueKey = `${queueKeyPrefix(env.config)}:any`;
    const oldMaster = await redis.masterHolding(queueKey);
    redis.kill(oldMaster);
    const killedAt = Date.now();
    const inFlightAtKill = env.receiver.received.length;
    await waitFor(async () => (await redis.masterHolding(queueKey).catch(() => oldMaster)) !== oldMaster, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'a replica to be promoted',
    });
    const promotedMs = Date.now() - killedAt;

    // Recovered: a bind answered after the kill has had its notice delivered.
    const deliveredBindingAt = (id: string) => env.receiver.received.find((r) => r.answeredStatus === 200 && r.body?.data?.binding?.id === id)?.receivedAt;
    const firstAfterKill = () =>
      Math.min(...load.binds.filter((b) => b.answeredAt > killedAt && b.status === 202).map((b) => deliveredBindingAt(b.id) ?? Infinity));
    await waitFor(() => Number.isFinite(firstAfterKill()), { timeoutMs: 90_000, intervalMs: 100, what: 'a notice of a bind made after the kill' });
    const recoveredMs = firstAfterKill() - killedAt;
    await sleep(3000); // and keep binding for a while on the new master
    await load.stop();

    const bindingIds = load.binds.filter((b) => b.status === 202).map((b) => b.id);
    const events = (
      await env.query<{ id: string }>(
        `SELECT id FROM binding_events WHERE type = 'binding.requested' AND binding_id IN (${bindingIds.map(() => '?').join(',')})`,
        bindingIds,
      )
    ).map((r) => r.id);
    const loadEndedAt = Date.now();
    await waitFor(() => events.every((id) => deliveredCounts(env.receiver).has(id)), {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'every notice after the failover',
    });
    const allDeliveredMs = Date.now() - loadEndedAt;
    await env.settled(60_000);
    const counts = deliveredCounts(env.receiver);
    const [notices] = await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM seller_notices WHERE id IN (${events.map(() => '?').join(',')})`, events);
    const duringOutage = load.binds.filter((b) => b.answeredAt > killedAt && b.answeredAt <= killedAt + recoveredMs);

    Object.assign(figures, {
      binds: load.binds.length,
      bindStatuses: [...new Set(load.binds.map((b) => b.status))],
      bindsDuringOutage: duringOutage.length,
      slowestBindDuringOutageMs: Math.max(0, ...duringOutage.map((b) => b.ms)),
      webhookRequestsBeforeKill: inFlightAtKill,
      replicaPromotedMs: promotedMs,
      deliveriesRecoveredMs: recoveredMs,
      allDeliveredMsAfterLoad: allDeliveredMs,
      notices: events.length,
      lost: events.filter((id) => !counts.has(id)).length,
      deliveredTwice: events.filter((id) => counts.get(id)! > 1).length,
      sellerNotices: Number(notices!.n),
    });
    expect(load.failures).toEqual([]);
    expect(load.binds.every((b) => b.status === 202)).toBe(true);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(events).toHaveLength(bindingIds.length);
    expect(events.filter((id) => !counts.has(id))).toEqual([]);
    expect(Number(notices!.n)).toBe(events.length);
    // No restart: the same processes, ready again.
    expect([api.exit, worker.exit]).toEqual([null, null]);
    for (const proc of [api, worker]) expect((await fetch(`${proc.url}/health/ready`)).status).toBe(200);
  });
});
