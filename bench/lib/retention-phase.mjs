// The benchmark's retention phase: a delivery log of `rows` finished deliveries older than
// RETENTION_DELIVERIES_DAYS, then the service's own purge job (queued on the worker's retention queue, as its
// job scheduler would) deletes them while clients keep binding. Reports rows/s deleted and the binds' latency
// (p50/p99) and throughput during the purge next to the same clients just before it, with no purge.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { now, percentile, round } from './util.mjs';

const DAY_MS = 86_400_000;
const SEED_BATCH = 2000;

/** A body of the size the service really sends (a binding.requested webhook, ~650 bytes). */
function webhookBody(eventId, partnerId) {
  const binding = {
    id: uuidv7(),
    accountId: uuidv7(),
    partnerId,
    status: 'pending',
    requestedBy: uuidv7(),
    requestedAt: '2026-10-19T10:00:00.000Z',
    expiresAt: '2026-10-26T10:00:00.000Z',
    respondedBy: null,
    respondedAt: null,
    cancelledBy: null,
    cancelledAt: null,
    declineReason: null,
    version: 1,
  };
  return JSON.stringify({
    id: eventId,
    type: 'binding.requested',
    createdAt: '2026-10-19T10:00:00.000Z',
    data: { binding, account: { id: binding.accountId, name: 'Bench Seller 0' } },
  });
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
      values.push([
        id,
        eventId,
        partnerId,
        'binding.requested',
        webhookBody(eventId, partnerId),
        'delivered',
        1,
        200,
        null,
        null,
        new Date(at + 40),
        new Date(at),
      ]);
    }
    await admin.query(
      'INSERT INTO webhook_deliveries (id, event_id, owner_id, type, body, status, attempts, last_status_code, last_error, next_attempt_at, delivered_at, created_at) VALUES ?',
      [values],
    );
    if ((from / SEED_BATCH) % 100 === 0) log(`retention: seeded ${from + values.length} of ${rows} old deliveries`);
  }
  return (now() - t) / 1000;
}

/**
 * Binds from `connections` clients, each sending its next as soon as the last is answered, until `until()` is
 * true: the latency and the throughput of binds running alongside whatever else the database is doing.
 */
async function concurrentBinds({ apiUrl, bindRequest, connections, until }) {
  const latencies = [];
  const failures = [];
  const start = now();
  const client = async () => {
    while (!(await until())) {
      const req = bindRequest();
      const t = now();
      try {
        const res = await fetch(apiUrl + req.path, { method: 'POST', headers: req.headers, body: req.body });
        await res.arrayBuffer();
        if (res.status !== 202) throw new Error(`bind → ${res.status}`);
        latencies.push(now() - t);
      } catch (error) {
        failures.push(error.cause?.code ?? error.message); // counted: one refused connection does not end the run
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  return { latencies, failures, seconds: (now() - start) / 1000 };
}

/** Figures of one or more windows of concurrentBinds taken together. */
function summary(...windows) {
  const latencies = windows.flatMap((w) => w.latencies);
  const failures = windows.flatMap((w) => w.failures);
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0);
  return {
    count: latencies.length,
    failed: failures.length,
    failures: [...new Set(failures)],
    seconds: round(seconds, 1),
    perSec: round(latencies.length / seconds, 0),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(Math.max(...latencies), 1),
  };
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

export async function measureRetention({ admin, apiUrl, queuePrefix, partnerId, rows, baselineSeconds, connections, bindRequest, log }) {
  log(`retention: seeding ${rows} delivered webhook deliveries, 40 days old, in ${SEED_BATCH}-row INSERTs`);
  const seedSeconds = await seed(admin, rows, partnerId, log);
  await admin.query('ANALYZE TABLE webhook_deliveries');
  const explain = await explainPurge(admin);

  // The same clients for a while before the purge and as long after it: the box's load drifts, and the two
  // windows bracket the purge.
  const withoutPurge = async (when) => {
    log(`retention: ${baselineSeconds} s of binds from ${connections} clients ${when} the purge`);
    const end = now() + baselineSeconds * 1000;
    return concurrentBinds({ apiUrl, bindRequest, connections, until: async () => now() >= end });
  };
  const before = await withoutPurge('before');

  const redis = new Redis({ maxRetriesPerRequest: 2 });
  const queue = new Queue('retention', { connection: redis, prefix: queuePrefix });
  try {
    log(`retention: purge job queued; binds from ${connections} clients until it finishes`);
    const job = await queue.add('retention.purge', {}, { jobId: `bench-purge-${Date.now()}` });
    let state = 'waiting';
    let checked = 0;
    const watch = setInterval(async () => {
      state = await job.getState().catch(() => state);
      checked += 1;
    }, 200);
    const during = await concurrentBinds({
      apiUrl,
      bindRequest,
      connections,
      until: async () => checked > 0 && (state === 'completed' || state === 'failed'),
    }).finally(() => clearInterval(watch));
    if (state === 'failed') throw new Error(`retention purge failed: ${(await queue.getJob(job.id))?.failedReason}`);
    const after = await withoutPurge('after');
    const done = await queue.getJob(job.id);
    const purgeSeconds = (done.finishedOn - done.processedOn) / 1000;
    // What one run left for the next (a run stops after its time budget).
    const [[left]] = await admin.query("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'delivered' AND id < ?", [
      uuidv7({ msecs: Date.now() - 30 * DAY_MS }),
    ]);
    if (Number(left.n) + done.returnvalue.deliveries !== rows)
      throw new Error(`retention: ${done.returnvalue.deliveries} deleted and ${left.n} left of ${rows}`);
    return {
      rows,
      deleted: done.returnvalue.deliveries,
      leftForTheNextRun: Number(left.n),
      purgeSeconds: round(purgeSeconds, 1),
      rowsPerSec: round(done.returnvalue.deliveries / purgeSeconds, 0),
      seedSeconds: round(seedSeconds, 1),
      bindsWithoutPurge: summary(before, after),
      bindsDuringPurge: summary(during),
      bindClients: connections,
      explain,
      note: 'binds from concurrent clients, each sending its next when the last is answered; latency from sending POST /bindings to its 202',
    };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
