// Read: GET .../bindings?status=active and GET .../helpful-contacts, for a fixed time per side and round.
import { cannon, cpuSeconds, median, round, serversCpuSeconds, spread } from '../util.mjs';
import { alternate, compare, withRange } from '../rounds.mjs';

const ENDPOINTS = {
  bindingsActive: (a) => `/v1/accounts/${a.id}/bindings?status=active`,
  helpfulContacts: (a) => `/v1/accounts/${a.id}/helpful-contacts`,
};

async function measureSide(ctx, side) {
  const out = { rps: 0, cpuMs: [], serversCpuMs: [], per: {} };
  for (const [name, path] of Object.entries(ENDPOINTS)) {
    let k = 0;
    const cpu0 = cpuSeconds(ctx.apiPid[side]);
    const servers0 = serversCpuSeconds();
    const r = await cannon({
      url: ctx.urls[side],
      connections: ctx.connections,
      duration: ctx.sizes.readSeconds,
      next: () => {
        const a = ctx.readAccounts[k++ % ctx.readAccounts.length];
        return { method: 'GET', path: path(a), headers: { authorization: `Bearer ${a.token}` } };
      },
    });
    ctx.check(`read ${name} ${side}`, r);
    out.cpuMs.push(((cpuSeconds(ctx.apiPid[side]) - cpu0) * 1000) / r.ok);
    out.serversCpuMs.push(((serversCpuSeconds() - servers0) * 1000) / r.ok);
    out.per[name] = r.rps;
    out.rps += r.rps / 2;
  }
  return out;
}

export default {
  name: 'read',
  pausesWorker: true,
  async run(ctx) {
    ctx.log(`read: ${ctx.sizes.rounds} alternating rounds × ${ctx.sizes.readSeconds} s per endpoint and side`);
    const rounds = await alternate(ctx.sizes.rounds, (side) => measureSide(ctx, side));
    const col = (side, f) => rounds[side].map(f);
    const c = compare(
      col('service', (x) => x.rps),
      col('bare', (x) => x.rps),
      rounds.load,
    );
    rounds.service.forEach((s, k) =>
      ctx.log(`read round ${k + 1} (load ${rounds.load[k]}): service ${s.rps.toFixed(0)} rps, bare ${rounds.bare[k].rps.toFixed(0)} rps`),
    );
    const per = (name) => {
      const s = col('service', (x) => x.per[name]);
      const b = col('bare', (x) => x.per[name]);
      const ratios = s.map((v, i) => v / b[i]);
      return { rps: round(median(s), 0), baselineRps: round(median(b), 0), ratio: round(median(ratios), 3), range: { ratio: spread(ratios, 3) } };
    };
    return {
      rps: c.value,
      baselineRps: c.baseline,
      ratio: c.ratio,
      range: { rps: c.range.value, baselineRps: c.range.baseline, ratio: c.range.ratio },
      loadAvg1m: c.loadAvg1m,
      endpoints: { bindingsActive: per('bindingsActive'), helpfulContacts: per('helpfulContacts') },
      cpuMsPerRequest: { service: round(median(col('service', (x) => median(x.cpuMs))), 3), baseline: round(median(col('bare', (x) => median(x.cpuMs))), 3) },
      serversCpuMsPerRequest: {
        service: round(median(col('service', (x) => median(x.serversCpuMs))), 3),
        baseline: round(median(col('bare', (x) => median(x.serversCpuMs))), 3),
      },
      runs: ctx.sizes.rounds,
      secondsPerRun: ctx.sizes.readSeconds,
      connections: ctx.connections,
      note: 'rps = mean of the two endpoints; each account holds 10 active and 5 pending bindings',
      workerDuringRun: ctx.options.keepWorker ? 'running' : 'paused',
    };
  },
  target: (r) => ({ target: '>= 1.2', met: r.ratio >= 1.2 }),
  rows: (r, t) => [
    [
      'read rps (mean of 2 endpoints)',
      withRange(r.rps, r.range.rps),
      withRange(r.baselineRps, r.range.baselineRps),
      withRange(r.ratio, r.range.ratio, 3),
      `≥ 1.2 ${t.met ? 'met' : 'NOT met'}`,
    ],
    [
      '  GET bindings?status=active',
      `${r.endpoints.bindingsActive.rps}`,
      `${r.endpoints.bindingsActive.baselineRps}`,
      `${r.endpoints.bindingsActive.ratio}`,
      '',
    ],
    ['  GET helpful-contacts', `${r.endpoints.helpfulContacts.rps}`, `${r.endpoints.helpfulContacts.baselineRps}`, `${r.endpoints.helpfulContacts.ratio}`, ''],
    ['read CPU ms per request (API)', `${r.cpuMsPerRequest.service}`, `${r.cpuMsPerRequest.baseline}`, '', ''],
    ['read CPU ms per request (MariaDB + Redis)', `${r.serversCpuMsPerRequest.service}`, `${r.serversCpuMsPerRequest.baseline}`, '', ''],
  ],
};
