// Pipeline: N binds → N signed webhooks at the receiver; notices/s = N / (first request → last webhook).
import { cannon, cpuSeconds, median, now, round, sleep } from '../util.mjs';
import { alternate, compare, withRange } from '../rounds.mjs';

async function measureSide(ctx, side) {
  const { sizes, stack } = ctx;
  const pids = side === 'service' ? [stack.api.pid, stack.worker.pid] : [stack.bareApi.pid, stack.bareWorker.pid];
  await ctx.quiesce(`pipeline ${side}`);
  await sleep(300);
  const cpu0 = pids.map(cpuSeconds);
  const start = now();
  const r = await cannon({ url: ctx.urls[side], connections: ctx.connections, amount: sizes.pipelineAmount, next: ctx.bindRequest(side === 'bare') });
  ctx.check(`pipeline ${side}`, r);
  const end = await stack.receiver.waitFor(ctx.expectNotices(r.ok), 300_000);
  ctx.log(`  ${side}: binds accepted in ${(r.elapsedMs / 1000).toFixed(2)} s, last webhook after ${((end - start) / 1000).toFixed(2)} s`);
  return { perSec: (r.ok / (end - start)) * 1000, cpuMs: pids.map((pid, i) => ((cpuSeconds(pid) - cpu0[i]) * 1000) / r.ok) };
}

export default {
  name: 'pipeline',
  async run(ctx) {
    ctx.log(`pipeline: ${ctx.sizes.rounds} alternating rounds × ${ctx.sizes.pipelineAmount} binds → webhooks per side`);
    const rounds = await alternate(ctx.sizes.rounds, (side) => measureSide(ctx, side));
    const c = compare(
      rounds.service.map((x) => x.perSec),
      rounds.bare.map((x) => x.perSec),
      rounds.load,
    );
    rounds.service.forEach((s, k) =>
      ctx.log(`pipeline round ${k + 1} (load ${rounds.load[k]}): service ${s.perSec.toFixed(0)}/s, bare ${rounds.bare[k].perSec.toFixed(0)}/s`),
    );
    const cpu = (side, i) => round(median(rounds[side].map((x) => x.cpuMs[i])), 3);
    return {
      perSec: c.value,
      baselinePerSec: c.baseline,
      ratio: c.ratio,
      range: { perSec: c.range.value, baselinePerSec: c.range.baseline, ratio: c.range.ratio },
      loadAvg1m: c.loadAvg1m,
      cpuMsPerNotice: { api: cpu('service', 0), worker: cpu('service', 1), bareApi: cpu('bare', 0), bareWorker: cpu('bare', 1) },
      runs: ctx.sizes.rounds,
      noticesPerRun: ctx.sizes.pipelineAmount,
      connections: ctx.connections,
    };
  },
  target: (r) => ({ target: '>= 1.2 (stretch 1.5)', met: r.ratio >= 1.2 }),
  rows: (r, t) => [
    [
      'pipeline notices/s (bind → webhook)',
      withRange(r.perSec, r.range.perSec),
      withRange(r.baselinePerSec, r.range.baselinePerSec),
      withRange(r.ratio, r.range.ratio, 3),
      `≥ 1.2 ${t.met ? 'met' : 'NOT met'}`,
    ],
    [
      'pipeline CPU ms per notice (API + worker)',
      `${r.cpuMsPerNotice.api} + ${r.cpuMsPerNotice.worker}`,
      `${r.cpuMsPerNotice.bareApi} + ${r.cpuMsPerNotice.bareWorker}`,
      '',
      '',
    ],
  ],
};
