// Write: POST /v1/accounts/:id/bindings, every request a distinct (account, partner) pair.
import { cannon, cpuSeconds, median, round, serversCpuSeconds } from '../util.mjs';
import { alternate, compare, withRange } from '../rounds.mjs';

export default {
  name: 'write',
  pausesWorker: true,
  async run(ctx) {
    const { sizes, log } = ctx;
    log(
      `write: ${sizes.rounds} alternating rounds × ${sizes.writeAmount} binds per side, ${ctx.connections} connections; worker ${ctx.options.keepWorker ? 'running' : 'paused'}`,
    );
    for (const side of ['service', 'bare']) {
      const r = await cannon({ url: ctx.urls[side], connections: ctx.connections, amount: sizes.writeWarm, next: ctx.bindRequest(false) });
      ctx.check(`write warm-up ${side}`, r);
      if (side === 'service') ctx.expectNotices(r.ok);
    }
    const rounds = await alternate(sizes.rounds, async (side) => {
      const cpu0 = cpuSeconds(ctx.apiPid[side]);
      const servers0 = serversCpuSeconds();
      const r = await cannon({ url: ctx.urls[side], connections: ctx.connections, amount: sizes.writeAmount, next: ctx.bindRequest(false) });
      ctx.check(`write ${side}`, r);
      if (side === 'service') ctx.expectNotices(r.ok);
      return {
        rps: r.rps,
        p50: r.p50Ms,
        p99: r.p99Ms,
        cpuMs: ((cpuSeconds(ctx.apiPid[side]) - cpu0) * 1000) / r.ok,
        serversCpuMs: ((serversCpuSeconds() - servers0) * 1000) / r.ok,
      };
    });
    const col = (side, key) => rounds[side].map((x) => x[key]);
    const c = compare(col('service', 'rps'), col('bare', 'rps'), rounds.load);
    rounds.service.forEach((s, k) =>
      log(`write round ${k + 1} (load ${rounds.load[k]}): service ${s.rps.toFixed(0)} rps, bare ${rounds.bare[k].rps.toFixed(0)} rps`),
    );
    return {
      rps: c.value,
      baselineRps: c.baseline,
      ratio: c.ratio,
      range: { rps: c.range.value, baselineRps: c.range.baseline, ratio: c.range.ratio },
      loadAvg1m: c.loadAvg1m,
      p50Ms: median(col('service', 'p50')),
      p99Ms: median(col('service', 'p99')),
      baseline: { p50Ms: median(col('bare', 'p50')), p99Ms: median(col('bare', 'p99')) },
      cpuMsPerRequest: { service: round(median(col('service', 'cpuMs')), 3), baseline: round(median(col('bare', 'cpuMs')), 3) },
      serversCpuMsPerRequest: { service: round(median(col('service', 'serversCpuMs')), 3), baseline: round(median(col('bare', 'serversCpuMs')), 3) },
      runs: sizes.rounds,
      requestsPerRun: sizes.writeAmount,
      connections: ctx.connections,
      workerDuringRun: ctx.options.keepWorker ? 'running' : 'paused',
    };
  },
  target: (r) => ({ target: '>= 1.2', met: r.ratio >= 1.2 }),
  rows: (r, t) => [
    [
      'write rps (POST bindings, 32 conn)',
      withRange(r.rps, r.range.rps),
      withRange(r.baselineRps, r.range.baselineRps),
      withRange(r.ratio, r.range.ratio, 3),
      `≥ 1.2 ${t.met ? 'met' : 'NOT met'}`,
    ],
    ['write latency p50 / p99 ms', `${r.p50Ms} / ${r.p99Ms}`, `${r.baseline.p50Ms} / ${r.baseline.p99Ms}`, '', ''],
    ['write CPU ms per bind (API)', `${r.cpuMsPerRequest.service}`, `${r.cpuMsPerRequest.baseline}`, '', ''],
    ['write CPU ms per bind (MariaDB + Redis)', `${r.serversCpuMsPerRequest.service}`, `${r.serversCpuMsPerRequest.baseline}`, '', ''],
  ],
};
