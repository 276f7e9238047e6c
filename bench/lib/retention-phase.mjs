// The benchmark's retention phase: a delivery log of `rows` finished deliveries older than
// RETENTION_DELIVERIES_DAYS, then the service's own purge job (queued on the worker's retention queue, as its
// job scheduler would) deletes them while binds arrive at a steady rate. Reports rows/s deleted and the bind
// latency (p50/p99) during the purge next to the same load just before it, with no purge.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { now, percentile, round, sleep } from './util.mjs';

const DAY_MS = 86_400_000;
const SEED_BATCH = 2000;

/** A body of the size the service really sends (a binding.requested webhook, ~650 bytes). */
function webhookBody(eventId, partnerId) {
  const binding = {
    id: uuidv7(), accountId: uuidv7(), partnerId, status: 'pending', requestedBy: uuidv7(), requestedAt: '2026-10-19T10:00:00.000Z',
    expiresAt: '2026-10-26T10:00:00.000Z', respondedBy: null, respondedAt: null, cancelledBy: null, cancelledAt: null, declineReason: null, version: 1,
  };
  return JSON.stringify({ id: eventId, type: 'binding.requested', createdAt: '2026-10-19T10:00:00.000Z', data: { binding, account: { id: binding.accountId, name: 'Bench Seller 0' } } });
}

async function seed(admin, rows, partnerId, log) {
  const start = Date.now() - 40 * DAY_MS;
  const t = now();
  for (let from = 0; from < rows; from += SEED_BATCH) {
    const values = [];
    for (let i = from; i < Math.min(rows, from + SEED_BATCH); i++) {
      const at = start + i; // one per millisecond, oldest first, as a busy month would leave them
      const id = uuidv7({ msecs: at });
      const eventId = uuidv7({ msecs: at });
      values.push([id, eventId, partnerId, 'binding.requested', webhookBody(eventId, partnerId), 'delivered', 1, 200, null, null, new Date(at + 40), new Date(at)]);
    }
    await admin.query(
      'INSERT INTO webhook_deliveries (id, event_id, partner_id, type, body, status, attempts, last_status_code, last_error, next_attempt_at, delivered_at, created_at) VALUES ?',
      [values],
    );
    if ((from / SEED_BATCH) % 100 === 0) log(`retention: seeded ${from + values.length} of ${rows} old deliveries`);
  }
  return (now() - t) / 1000;
}

/** Binds at `rate` per second (open loop: a slow answer does not slow the sender) until `until()` is true. */
async function steadyBinds({ apiUrl, bindRequest, rate, until }) {
  const latencies = [];
  const inflight = [];
  const start = now();
  for (let i = 0; !(await until(i)); i++) {
    const wait = start + (i * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    const req = bindRequest();
    inflight.push(
      (async () => {
        const t = now();
        const res = await fetch(apiUrl + req.path, { method: 'POST', headers: req.headers, body: req.body });
        await res.arrayBuffer();
        if (res.status !== 202) throw new Error(`retention bind → ${res.status}`);
        latencies.push(now() - t);
      })(),
    );
  }
  await Promise.all(inflight);
  return { count: latencies.length, seconds: round((now() - start) / 1000, 1), p50Ms: round(percentile(latencies, 50), 1), p99Ms: round(percentile(latencies, 99), 1), maxMs: round(Math.max(...latencies), 1) };
}

/** How MariaDB runs the purge's two statements (the range read and the range delete) on the seeded table. */
async function explainPurge(admin) {
  const [[first]] = await admin.query('SELECT id FROM webhook_deliveries ORDER BY id LIMIT 1');
  const [[next]] = await admin.query('SELECT id FROM webhook_deliveries ORDER BY id LIMIT 1 OFFSET 500');
  const plan = async (sql, values) => {
    const [[row]] = await admin.query(`EXPLAIN FORMAT=JSON ${sql}`, values);
    const find = (o) => (o && typeof o === 'object' ? (o.table ?? Object.values(o).map(find).find(Boolean)) : undefined);
    const t = find(JSON.parse(Object.values(row)[0]).query_block) ?? {};
    return { accessType: t.access_type, key: t.key, rows: t.rows, attachedCondition: t.attached_condition };
  };
  const bound = uuidv7({ msecs: Date.now() - 30 * DAY_MS });
  return {
    rangeRead: await plan('SELECT id FROM webhook_deliveries WHERE id >= ? AND id < ? ORDER BY id LIMIT 1 OFFSET 500', [first.id, bound]),
    rangeDelete: await plan("DELETE FROM webhook_deliveries WHERE id >= ? AND id < ? AND status <> 'pending'", [first.id, next.id]),
  };
}

export async function measureRetention({ admin, apiUrl, queuePrefix, partnerId, rows, baselineSeconds, rate, bindRequest, log }) {
  log(`retention: seeding ${rows} delivered webhook deliveries, 40 days old, in ${SEED_BATCH}-row INSERTs`);
  const seedSeconds = await seed(admin, rows, partnerId, log);
  await admin.query('ANALYZE TABLE webhook_deliveries');
  const explain = await explainPurge(admin);

  log(`retention: ${baselineSeconds} s of binds at ${rate}/s without a purge`);
  const baselineEnd = now() + baselineSeconds * 1000;
  const baseline = await steadyBinds({ apiUrl, bindRequest, rate, until: async () => now() >= baselineEnd });

  const redis = new Redis({ maxRetriesPerRequest: 2 });
  const queue = new Queue('retention', { connection: redis, prefix: queuePrefix });
  try {
    log(`retention: purge job queued; binds at ${rate}/s until it finishes`);
    const job = await queue.add('retention.purge', {}, { jobId: `bench-purge-${Date.now()}` });
    let state = 'waiting';
    const during = await steadyBinds({
      apiUrl, bindRequest, rate,
      until: async (i) => {
        if (i % 20 === 0) state = await job.getState();
        if (state === 'failed') throw new Error(`retention purge failed: ${(await queue.getJob(job.id))?.failedReason}`);
        return state === 'completed';
      },
    });
    const done = await queue.getJob(job.id);
    const purgeSeconds = (done.finishedOn - done.processedOn) / 1000;
    const [[left]] = await admin.query("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'delivered' AND id < ?", [uuidv7({ msecs: Date.now() - 30 * DAY_MS })]);
    if (Number(left.n) !== 0) throw new Error(`retention: ${left.n} old deliveries left after the purge`);
    return {
      rows,
      deleted: done.returnvalue.deliveries,
      purgeSeconds: round(purgeSeconds, 1),
      rowsPerSec: round(done.returnvalue.deliveries / purgeSeconds, 0),
      seedSeconds: round(seedSeconds, 1),
      bindsWithoutPurge: baseline,
      bindsDuringPurge: during,
      bindsPerSec: rate,
      explain,
      note: 'binds sent open loop at a fixed rate; latency from sending POST /bindings to its 202',
    };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
