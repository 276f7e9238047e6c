// Latency: binds at a fixed rate (open loop); from sending the POST to the signed webhook arriving.
import { median, now, percentile, round, sleep, spread } from '../util.mjs';

const RATE = 50;

async function measureRound(ctx) {
  const { receiver } = ctx.stack;
  await ctx.quiesce('latency');
  receiver.track(true);
  await sleep(50);
  const count = ctx.sizes.latencySeconds * RATE;
  const sent = new Map();
  const inflight = [];
  const start = now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / RATE - now();
    if (wait > 0) await sleep(wait);
    const req = ctx.bindRequest(false)();
    inflight.push(
      (async () => {
        const t = now();
        const res = await fetch(ctx.urls.service + req.path, { method: 'POST', headers: req.headers, body: req.body });
        const body = await res.json();
        if (res.status !== 202) throw new Error(`latency bind → ${res.status} ${JSON.stringify(body)}`);
        sent.set(body.id, t);
      })(),
    );
  }
  await Promise.all(inflight);
  ctx.expectNotices(count);
  await ctx.quiesce('latency round');
  const arrivals = await receiver.dump();
  receiver.track(false);
  const ms = [...sent].map(([id, t]) => arrivals.get(id) - t).filter((v) => Number.isFinite(v));
  if (ms.length !== count) throw new Error(`latency: ${ms.length} of ${count} arrivals matched`);
  return ms;
}

export default {
  name: 'latency',
  async run(ctx) {
    ctx.log(`latency: ${ctx.sizes.latencyRounds} rounds × ${ctx.sizes.latencySeconds} s at ${RATE} binds/s`);
    const lat = { p50: [], p99: [], all: [] };
    for (let k = 0; k < ctx.sizes.latencyRounds; k++) {
      const ms = await measureRound(ctx);
      lat.p50.push(percentile(ms, 50));
      lat.p99.push(percentile(ms, 99));
      lat.all.push(...ms);
      ctx.log(`latency round ${k + 1}: p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms`);
    }
    return {
      p50Ms: round(median(lat.p50), 1),
      p99Ms: round(median(lat.p99), 1),
      runs: ctx.sizes.latencyRounds,
      bindsPerSec: RATE,
      samplesPerRun: ctx.sizes.latencySeconds * RATE,
      measured: 'from sending POST /bindings to the signed webhook arriving at the receiver',
      range: { p50Ms: spread(lat.p50, 1), p99Ms: spread(lat.p99, 1) },
      pooled: {
        p50Ms: round(percentile(lat.all, 50), 1),
        p90Ms: round(percentile(lat.all, 90), 1),
        p99Ms: round(percentile(lat.all, 99), 1),
        maxMs: round(Math.max(...lat.all), 1),
      },
    };
  },
  target: (r) => ({ target: 'p50 <= 10 ms, p99 <= 30 ms', met: r.p50Ms <= 10 && r.p99Ms <= 30 }),
  rows: (r) => {
    const rg = (s) => `[${s.min}–${s.max}]`;
    return [
      [`latency bind → webhook @${r.bindsPerSec}/s p50`, `${r.p50Ms} ms ${rg(r.range.p50Ms)}`, '', '', `≤ 10 ms ${r.p50Ms <= 10 ? 'met' : 'NOT met'}`],
      [`latency bind → webhook @${r.bindsPerSec}/s p99`, `${r.p99Ms} ms ${rg(r.range.p99Ms)}`, '', '', `≤ 30 ms ${r.p99Ms <= 30 ? 'met' : 'NOT met'}`],
    ];
  },
};
