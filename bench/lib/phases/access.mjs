// The access-check phase: GET /v1/operator/access (the API gateway's question, on every partner call)
// on the service next to bench/baselines/bare-access.mjs doing the same single read, in alternating
// rounds at the run's connection count. Each read account holds 10 active and 5 pending bindings; the
// checks cycle through its first 20 partners and every scope, so answers mix allowed, denied-by-scope,
// pending and no binding at all. Target: ≥ 0.9× the baseline's throughput and p99 ≤ 1.2× its p99.
//
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cannon, cpuSeconds, freePort, median, round, spread, startProcess, stopProcess, waitOutput } from '../util.mjs';

const BENCH = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const SCOPES = ['products.read', 'products.write', 'orders.read', 'orders.write', 'finance.read', 'analytics.read', 'ads.write', 'chats.write'];
const PARTNERS_PER_ACCOUNT = 20;
const load1m = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** The k-th check of a round: account, partner and scope all vary, so no answer repeats back to back. */
function checks(ctx) {
  const list = [];
  for (const account of ctx.readAccounts) {
    for (let j = 0; j < PARTNERS_PER_ACCOUNT; j++) list.push({ account, partner: ctx.partners[j], scope: SCOPES[(j + list.length) % SCOPES.length] });
  }
  return list;
}

async function startBaseline(ctx) {
  const port = await freePort();
  const proc = startProcess(
    'bare-access',
    [join(BENCH, 'baselines/bare-access.mjs')],
    {
      PORT: String(port),
      DB_NAME: ctx.run.dbName,
      OPERATOR_TOKEN: ctx.run.operatorToken,
      BARE_QUEUE_PREFIX: ctx.run.barePrefix,
      BARE_RATE_LIMIT: ctx.options.noRateLimit ? '0' : '1',
    },
    join(ctx.dist, 'logs', `${ctx.run.id}-bare-access.log`),
  );
  await waitOutput(proc, 'BARE_ACCESS_READY');
  return { proc, url: `http://127.0.0.1:${port}` };
}

async function measure(ctx, url, pid, list) {
  let k = 0;
  const cpu0 = cpuSeconds(pid);
  const r = await cannon({
    url,
    connections: ctx.connections,
    duration: ctx.sizes.readSeconds,
    next: () => {
      const { account, partner, scope } = list[k++ % list.length];
      return {
        method: 'GET',
        path: `/v1/operator/access?accountId=${account.id}&partnerId=${partner.id}&scope=${scope}`,
        headers: { authorization: `Bearer ${ctx.run.operatorToken}` },
      };
    },
  });
  ctx.check(`access ${url}`, r);
  return { rps: r.rps, p50: r.p50Ms, p99: r.p99Ms, cpuMs: ((cpuSeconds(pid) - cpu0) * 1000) / r.ok };
}

/** Both sides answer the same question the same way before anything is timed. */
async function sameAnswers(ctx, bareUrl, list) {
  for (const { account, partner, scope } of list.slice(0, 40)) {
    const path = `/v1/operator/access?accountId=${account.id}&partnerId=${partner.id}&scope=${scope}`;
    const headers = { authorization: `Bearer ${ctx.run.operatorToken}` };
    const [a, b] = await Promise.all([ctx.urls.service, bareUrl].map((base) => fetch(base + path, { headers }).then((res) => res.json())));
    if (JSON.stringify(a) !== JSON.stringify(b))
      throw new Error(`access: the service and the baseline disagree on ${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
}

export default {
  name: 'access',
  pausesWorker: true,
  async run(ctx) {
    const list = checks(ctx);
    const bare = await startBaseline(ctx);
    try {
      await sameAnswers(ctx, bare.url, list);
      const sides = { service: { url: ctx.urls.service, pid: ctx.apiPid.service }, bare: { url: bare.url, pid: bare.proc.pid } };
      for (const side of Object.values(sides)) await measure(ctx, side.url, side.pid, list); // warm-up
      ctx.log(`access: ${ctx.sizes.rounds} alternating rounds × ${ctx.sizes.readSeconds} s per side, ${ctx.connections} connections`);
      const got = { service: [], bare: [], load: [] };
      for (let k = 0; k < ctx.sizes.rounds; k++) {
        got.load.push(load1m());
        for (const side of k % 2 ? ['bare', 'service'] : ['service', 'bare']) got[side].push(await measure(ctx, sides[side].url, sides[side].pid, list));
        ctx.log(
          `access round ${k + 1}: service ${got.service[k].rps.toFixed(0)} rps p99 ${got.service[k].p99} ms, bare ${got.bare[k].rps.toFixed(0)} rps p99 ${got.bare[k].p99} ms`,
        );
      }
      const col = (side, f) => got[side].map(f);
      const rpsRatios = got.service.map((s, i) => s.rps / got.bare[i].rps);
      const p99Ratios = got.service.map((s, i) => s.p99 / got.bare[i].p99);
      return {
        rps: round(median(col('service', (x) => x.rps)), 0),
        baselineRps: round(median(col('bare', (x) => x.rps)), 0),
        ratio: round(median(rpsRatios), 3),
        p50Ms: round(median(col('service', (x) => x.p50)), 2),
        p99Ms: round(median(col('service', (x) => x.p99)), 2),
        baselineP50Ms: round(median(col('bare', (x) => x.p50)), 2),
        baselineP99Ms: round(median(col('bare', (x) => x.p99)), 2),
        p99Ratio: round(median(p99Ratios), 3),
        cpuMsPerRequest: { service: round(median(col('service', (x) => x.cpuMs)), 3), baseline: round(median(col('bare', (x) => x.cpuMs)), 3) },
        range: {
          rps: spread(
            col('service', (x) => x.rps),
            0,
          ),
          baselineRps: spread(
            col('bare', (x) => x.rps),
            0,
          ),
          ratio: spread(rpsRatios, 3),
          p99Ratio: spread(p99Ratios, 3),
        },
        loadAvg1m: spread(got.load, 2),
        runs: ctx.sizes.rounds,
        secondsPerRun: ctx.sizes.readSeconds,
        connections: ctx.connections,
        note: `checks cycle through ${ctx.readAccounts.length} accounts × ${PARTNERS_PER_ACCOUNT} partners (10 active, 5 pending, 5 unbound) and every scope`,
      };
    } finally {
      await stopProcess(bare.proc);
    }
  },
  target: (r) => ({ target: 'rps ≥ 0.9× and p99 ≤ 1.2× the baseline', met: r.ratio >= 0.9 && r.p99Ratio <= 1.2 }),
  rows: (r, t) => [
    [
      `access checks rps (${r.connections} conn)`,
      `${r.rps} [${r.range.rps.min}–${r.range.rps.max}]`,
      `${r.baselineRps} [${r.range.baselineRps.min}–${r.range.baselineRps.max}]`,
      `${r.ratio} [${r.range.ratio.min}–${r.range.ratio.max}]`,
      `≥ 0.9 ${t.met ? 'met' : 'NOT met'}`,
    ],
    [
      'access checks p50 / p99 ms',
      `${r.p50Ms} / ${r.p99Ms}`,
      `${r.baselineP50Ms} / ${r.baselineP99Ms}`,
      `p99 ${r.p99Ratio} [${r.range.p99Ratio.min}–${r.range.p99Ratio.max}]`,
      '≤ 1.2',
    ],
    ['access CPU ms per check (API)', `${r.cpuMsPerRequest.service}`, `${r.cpuMsPerRequest.baseline}`, '', ''],
  ],
};
