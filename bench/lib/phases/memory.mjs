// Memory: RSS, the worker's heap (before/after a forced GC) and Redis, before and after N binds → notices.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { scanKeysWithPrefix } from '../../../scripts/lib/redis-keys.mjs';
import { cannon, now, round, rssMb, sleep } from '../util.mjs';

const QUEUES = ['partner-webhooks', 'seller-notices', 'binding-expiry'];

/** The worker's heap before and after a forced GC, from its heap probe (bench/lib/heap-probe.cjs). */
async function heapProbe(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(300_000) }); // a snapshot of a large heap takes a while
  if (!res.ok) throw new Error(`heap probe → ${res.status}`);
  return res.json();
}

async function prefixMemory(redis, prefix) {
  let keys = 0;
  let bytes = 0;
  for await (const batch of scanKeysWithPrefix(redis, prefix)) {
    keys += batch.keys.length;
    const p = batch.node.pipeline();
    for (const k of batch.keys) p.memory('USAGE', k, 'SAMPLES', '0');
    for (const [, v] of await p.exec()) bytes += Number(v ?? 0);
  }
  return { keys, bytes };
}

async function snapshot(ctx, redis) {
  const { stack } = ctx;
  const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
  const { keys, bytes } = await prefixMemory(redis, ctx.run.queuePrefix);
  const jobs = {};
  for (const name of QUEUES)
    jobs[name] = await new Queue(name, { connection: redis, prefix: ctx.run.queuePrefix }).getJobCounts('completed', 'delayed', 'waiting', 'active', 'failed');
  const [[rows]] = await stack.admin.query(
    'SELECT (SELECT COUNT(*) FROM outbox) AS outbox, (SELECT COUNT(*) FROM webhook_deliveries) AS deliveries, (SELECT COUNT(*) FROM seller_notices) AS sellerNotices',
  );
  return {
    apiRssMb: rssMb(stack.api.pid),
    workerRssMb: rssMb(stack.worker.pid), // read before the heap probe forces a GC
    workerHeap: await heapProbe(stack.heapProbeUrl),
    redisUsedMb: round(used / 2 ** 20, 1),
    redisPrefixMb: round(bytes / 2 ** 20, 1),
    redisPrefixKeys: keys,
    jobs,
    mysqlRows: { outbox: Number(rows.outbox), webhookDeliveries: Number(rows.deliveries), sellerNotices: Number(rows.sellerNotices) },
  };
}

export default {
  name: 'memory',
  async run(ctx) {
    const { sizes, log } = ctx;
    await ctx.quiesce('memory');
    await sleep(1000);
    const redis = new Redis({ maxRetriesPerRequest: 2 });
    const before = await snapshot(ctx, redis);
    log(
      `memory: before ${JSON.stringify({ api: before.apiRssMb, worker: before.workerRssMb, workerHeap: before.workerHeap, redis: before.redisUsedMb })}; sending ${sizes.memoryNotices} binds → notices`,
    );
    const start = now();
    for (let sent = 0; sent < sizes.memoryNotices;) {
      const r = await cannon({
        url: ctx.urls.service,
        connections: ctx.connections,
        amount: Math.min(10_000, sizes.memoryNotices - sent),
        next: ctx.bindRequest(false),
      });
      ctx.check('memory binds', r);
      ctx.expectNotices(r.ok);
      sent += r.ok;
      log(`memory: ${sent}/${sizes.memoryNotices} binds sent, ${ctx.stack.receiver.unique()} notices received so far`);
    }
    await ctx.quiesce('memory', 1_200_000);
    const seconds = (now() - start) / 1000;
    await sleep(2000);
    const after = await snapshot(ctx, redis);
    redis.disconnect();
    const { jobs: jobsBefore, mysqlRows: mysqlRowsBefore, ...memBefore } = before;
    return {
      ...memBefore,
      notices: sizes.memoryNotices,
      jobsBefore,
      mysqlRowsBefore,
      after: { ...after, seconds: round(seconds, 1), noticesPerSec: round(sizes.memoryNotices / seconds, 0) },
    };
  },
  target: (m) => ({
    workerHeapFlat: Math.abs(m.after.workerHeap.heapUsedAfterGcMb - m.workerHeap.heapUsedAfterGcMb) <= 0.1 * m.workerHeap.heapUsedAfterGcMb,
    target: 'worker heap after a forced GC within ±10 %; Redis keys of this run within 10 % + 1 MB, RSS within 20 %',
    met: m.after.redisPrefixMb <= m.redisPrefixMb * 1.1 + 1 && m.after.apiRssMb <= m.apiRssMb * 1.2 && m.after.workerRssMb <= m.workerRssMb * 1.2,
  }),
  rows: (m, t) => {
    const wh = (h) => `${h.heapUsedMb} / ${h.heapUsedAfterGcMb}`;
    return [
      [`memory API RSS MB (before → after ${m.notices} notices)`, `${m.apiRssMb} → ${m.after.apiRssMb}`, '', '', ''],
      ['memory worker RSS MB', `${m.workerRssMb} → ${m.after.workerRssMb}`, '', '', ''],
      [
        'memory worker heap used MB, before / after forced GC',
        `${wh(m.workerHeap)} → ${wh(m.after.workerHeap)}`,
        '',
        '',
        `±10 % ${t.workerHeapFlat ? 'met' : 'NOT met'}`,
      ],
      ['memory Redis used MB (whole server)', `${m.redisUsedMb} → ${m.after.redisUsedMb}`, '', '', ''],
      [
        "memory Redis, this run's keys MB",
        `${m.redisPrefixMb} → ${m.after.redisPrefixMb} (${m.redisPrefixKeys} → ${m.after.redisPrefixKeys} keys)`,
        '',
        '',
        `flat ${t.met ? 'met' : 'NOT met'}`,
      ],
    ];
  },
};
