// Search: the catalogue (GET /v1/partners?q=) over N seeded certified partners, one request at a
// time, per query shape; and the rows/index entries MariaDB reads per shape (session Handler_* counters).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAvg1m } from '../rounds.mjs';
import { cpuSeconds, median, now, percentile, round, sleep, spread } from '../util.mjs';
import { searchQueries, seedPartners } from './search-data.mjs';

// Com_select: the SELECT statements the server ran (the API's guard, the search, the binding look-up; SHOW is not counted).
const HANDLERS = ['Handler_read_next', 'Handler_read_key', 'Handler_icp_attempts', 'Com_select'];

/** Handler_* counters of a whole API request: the sum over the server, read before and after (a busy server adds noise, so only a one-request-at-a-time estimate). */
async function serverHandlers(admin) {
  const [rows] = await admin.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${HANDLERS.map(() => '?').join(',')})`, HANDLERS);
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

const IDLE_COUNTERS = ['Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_write_requests', 'Innodb_data_writes', 'Innodb_history_list_length'];

/**
 * Waits until InnoDB has worked off the seeding (at most `maxMs`, logged either way), so the search is
 * measured on a settled server, not next to the flushing and purging after the ~4 million posting rows just
 * inserted. Settled: for 3 samples in a row (1 s apart) the dirty pages hold still (MariaDB keeps some
 * dirty pages for as long as nothing needs their space, so their number is not required to reach 0), the
 * purge's history list is short, and pages are written and changed at no more than a trickle (other
 * engineers' work on the same server is allowed that much).
 */
async function waitForSettledServer(admin, log, maxMs = 180_000) {
  const sample = async () => {
    const [rows] = await admin.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${IDLE_COUNTERS.map(() => '?').join(',')})`, IDLE_COUNTERS);
    return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
  };
  const started = now();
  const waited = () => round((now() - started) / 1000, 1);
  let previous = await sample();
  let quiet = 0;
  let state = {};
  while (now() - started < maxMs) {
    await sleep(1000);
    const current = await sample();
    state = {
      dirtyPages: current.Innodb_buffer_pool_pages_dirty,
      dirtyChangePerS: current.Innodb_buffer_pool_pages_dirty - previous.Innodb_buffer_pool_pages_dirty,
      historyLength: current.Innodb_history_list_length,
      dataWritesPerS: current.Innodb_data_writes - previous.Innodb_data_writes,
      pageChangesPerS: current.Innodb_buffer_pool_write_requests - previous.Innodb_buffer_pool_write_requests,
    };
    previous = current;
    const settled = Math.abs(state.dirtyChangePerS) <= 50 && state.historyLength <= 1000 && state.dataWritesPerS <= 50 && state.pageChangesPerS <= 5000;
    quiet = settled ? quiet + 1 : 0;
    if (quiet >= 3) {
      log(`search: server settled after ${waited()} s ${JSON.stringify(state)}`);
      return { settled: true, waitedS: waited(), ...state };
    }
  }
  log(`search: server NOT settled after ${waited()} s, measuring anyway ${JSON.stringify(state)}`);
  return { settled: false, waitedS: waited(), ...state };
}

async function searchOnce(ctx, q) {
  const t = now();
  const res = await fetch(`${ctx.urls.service}/v1/partners?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${ctx.gridAccounts[0].token}` } });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`search → ${res.status}`);
  return { ms: now() - t, n: body.items.length };
}

/** Index entries read per shape: the median over that shape's queries of the server's Handler_* deltas around one request. */
async function readsPerShape(ctx, queries) {
  const out = {};
  for (const kind of [...new Set(queries.map((x) => x.kind))]) {
    const deltas = [];
    for (const { q } of queries.filter((x) => x.kind === kind).slice(0, 8)) {
      const before = await serverHandlers(ctx.stack.admin);
      await searchOnce(ctx, q);
      const after = await serverHandlers(ctx.stack.admin);
      deltas.push(Object.fromEntries(HANDLERS.map((h) => [h, after[h] - before[h]])));
    }
    out[kind] = Object.fromEntries(HANDLERS.map((h) => [h, median(deltas.map((d) => d[h]))]));
  }
  return out;
}

export default {
  name: 'search',
  async run(ctx) {
    const { sizes, stack, log } = ctx;
    log(`search: seeding ${sizes.searchPartners} certified partners with bulk INSERTs`);
    await seedPartners(stack.admin, sizes.searchPartners);
    // The catalogue's postings (partner_name_trigrams, partner_name_bigrams) and trigram counts: the migrations' own backfills, from the build.
    const migration = (file) => import(pathToFileURL(join(ctx.dist, 'libs/database/src/migrations', file)).href);
    const { BACKFILL_PARTNER_NAME_TRIGRAMS } = await migration('1795767000000-PartnerNameTrigrams.js');
    const { BACKFILL_PARTNER_NAME_BIGRAMS } = await migration('1795834000000-PartnerNameBigrams.js');
    const { BACKFILL_PARTNER_NAME_TRIGRAM_COUNTS } = await migration('1795834000001-PartnerNameTrigramCounts.js');
    await stack.admin.query(BACKFILL_PARTNER_NAME_TRIGRAMS);
    await stack.admin.query(BACKFILL_PARTNER_NAME_BIGRAMS);
    await stack.admin.query(BACKFILL_PARTNER_NAME_TRIGRAM_COUNTS);
    await stack.admin.query('ANALYZE TABLE partners, partner_name_trigrams, partner_name_bigrams, partner_name_trigram_counts');
    const settle = await waitForSettledServer(stack.admin, log);
    const queries = searchQueries(sizes.searchQueries, sizes.searchPartners);
    // Warm-up: one pass over every query, so the rounds measure the API after its JIT has compiled the catalogue path
    // (with 20 requests, its CPU per request fell from ~4.6 ms in the first round to ~2.5 in the third) and the
    // postings the queries read are in the buffer pool.
    for (const { q } of queries) await searchOnce(ctx, q);
    const byKind = Object.fromEntries(queries.map((x) => [x.kind, []]));
    const all = { p50: [], p95: [], load: [], apiCpuMs: [] };
    for (let k = 0; k < sizes.searchRounds; k++) {
      all.load.push(loadAvg1m());
      const ms = [];
      // The API's own CPU per request: unlike the latencies, it does not grow with the box's load.
      const cpu0 = cpuSeconds(ctx.apiPid.service);
      for (const { kind, q } of queries) {
        const r = await searchOnce(ctx, q);
        ms.push(r.ms);
        byKind[kind].push(r.ms);
      }
      all.apiCpuMs.push(((cpuSeconds(ctx.apiPid.service) - cpu0) * 1000) / queries.length);
      all.p50.push(percentile(ms, 50));
      all.p95.push(percentile(ms, 95));
    }
    const handlerReads = await readsPerShape(ctx, queries);
    const shapes = Object.fromEntries(
      Object.entries(byKind).map(([k, v]) => [k, { p50Ms: round(percentile(v, 50)), p95Ms: round(percentile(v, 95)), ...handlerReads[k] }]),
    );
    log(`search: p95 ${round(median(all.p95), 2)} ms; per shape ${JSON.stringify(shapes)}`);
    return {
      partners: sizes.searchPartners + ctx.partners.length,
      p50Ms: round(median(all.p50), 2),
      p95Ms: round(median(all.p95), 2),
      apiCpuMsPerRequest: round(median(all.apiCpuMs), 3),
      runs: sizes.searchRounds,
      queriesPerRun: queries.length,
      range: { p50Ms: spread(all.p50), p95Ms: spread(all.p95), apiCpuMsPerRequest: spread(all.apiCpuMs, 3) },
      loadAvg1m: spread(all.load),
      byKind: shapes,
      settle,
      note: 'one request at a time (latency, not throughput); Handler_* and Com_select are server-wide deltas around one request (median per shape), so other work on the server can add to them',
    };
  },
  target: (r) => ({ target: 'p95 <= 3 ms at 100k partners for every shape', met: r.partners >= 100_000 && Object.values(r.byKind).every((s) => s.p95Ms <= 3) }),
  rows: (r, t) => [
    [`search p50 / p95 (${r.partners} partners)`, `${r.p50Ms} / ${r.p95Ms} ms`, '', '', `every shape ≤ 3 ms ${t.met ? 'met' : 'NOT met'}`],
    ['search CPU ms per request (API)', `${r.apiCpuMsPerRequest}`, '', '', ''],
    ...Object.entries(r.byKind).map(([k, s]) => [
      `  ${k}: p50 / p95 ms, Handler_read_next / _key, SELECTs`,
      `${s.p50Ms} / ${s.p95Ms}, ${s.Handler_read_next} / ${s.Handler_read_key}, ${s.Com_select}`,
      '',
      '',
      '',
    ]),
  ],
};
