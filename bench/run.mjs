#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --no-build] [-- --profile] [-- --keep-worker-running]`
//
// Builds the service into bench/.dist, starts it as separate API and worker processes on a fresh
// database and queue prefix, starts the bare baselines (bench/baselines) against the same
// database, provisions through the operator API, measures write / read / pipeline / latency /
// search / memory, prints a table and writes bench/results/latest.json (and a timestamped copy).
// Everything it starts (processes, database, Redis keys) is removed at the end, also on Ctrl-C.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { probeDatabase } from './lib/probe.mjs';
import { startReceiver } from './lib/receiver.mjs';
import { measureRetention } from './lib/retention-phase.mjs';
import accessPhase from './lib/access-phase.mjs';
import { deleteKeysWithPrefix } from '../scripts/lib/redis-keys.mjs';
import { cannon, cpuSeconds, machineCpu, freePort, machine, median, now, percentile, round, rssMb, sleep, spread, startProcess, stopProcess, table, waitHttp, waitOutput } from './lib/util.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');
const DIST = join(BENCH, '.dist');
const argv = new Set(process.argv.slice(2));
const QUICK = argv.has('--quick');
const PROFILE = argv.has('--profile');
const KEEP_WORKER = argv.has('--keep-worker-running');
const TRACE = argv.has('--trace-queries');
// The API's rate limits (RATE_LIMIT_PER_IP/USER) would refuse a one-IP load generator. By default they
// stay switched on (their per-request cost is part of what ships) with budgets no run can reach;
// --no-rate-limit switches them off to measure without that cost.
const NO_RATE_LIMIT = argv.has('--no-rate-limit');
// --only=write,read,access,pipeline,latency,search,retention,memory runs a subset (for development; the table shows what ran).
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
// --memory-notices=N overrides the memory phase's size; --heap-snapshots writes worker heap snapshots
// before and after it (bench/.dist/heap/<run>/, compare with bench/heap-diff.mjs).
const MEMORY_NOTICES = Number(process.argv.find((a) => a.startsWith('--memory-notices='))?.slice(17) ?? 0);
const HEAP_SNAPSHOTS = argv.has('--heap-snapshots');
const want = (phase) => !ONLY || ONLY.includes(phase);

// Sizes. Quick must finish in under a minute including start-up; full takes ~10 minutes.
const S = QUICK
  ? { accounts: 80, partners: 67, readAccounts: 6, rounds: 2, writeAmount: 300, writeWarm: 64, readSeconds: 1, pipelineAmount: 200, latencyRounds: 2, latencySeconds: 1.5, searchPartners: 10_000, searchQueries: 40, searchRounds: 2, memoryNotices: 1000 }
  : { accounts: 500, partners: 401, readAccounts: 20, rounds: 5, writeAmount: 4000, writeWarm: 1000, readSeconds: 5, pipelineAmount: 3000, latencyRounds: 3, latencySeconds: 10, searchPartners: 100_000, searchQueries: 400, searchRounds: 3, memoryNotices: 100_000 };
if (MEMORY_NOTICES > 0) S.memoryNotices = MEMORY_NOTICES;
// The retention phase: old delivery-log rows the purge deletes while RETENTION_CLIENTS clients keep binding.
Object.assign(S, QUICK ? { retentionRows: 100_000, retentionBaselineSeconds: 5 } : { retentionRows: 1_000_000, retentionBaselineSeconds: 20 });
const RETENTION_CLIENTS = 8;
const CONNECTIONS = 32;
const LATENCY_RATE = 50;
const READ_BOUND = { active: 10, pending: 5 };

const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const DB_NAME = `bench_${runId}`;
const QUEUE_PREFIX = `bench_${runId}`;
const BARE_PREFIX = `benchbare_${runId}`;
const OPERATOR_TOKEN = `op-${randomBytes(16).toString('hex')}`;
const JWT_SECRET = randomBytes(32).toString('hex');
const LOG_DIR = join(DIST, 'logs');
const PROF_DIR = join(DIST, 'prof', runId);
const HEAP_DIR = join(DIST, 'heap', runId);
mkdirSync(LOG_DIR, { recursive: true });
mkdirSync(join(BENCH, 'results'), { recursive: true });

const log = (...a) => console.error(`[bench ${((now() - t0) / 1000).toFixed(1)}s]`, ...a);
const t0 = now();

// ---- cleanup, whatever happens ---------------------------------------------------------------
const procs = [];
let receiver = null;
let admin = null;
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const p of procs) await stopProcess(p).catch(() => undefined);
  await receiver?.stop().catch(() => undefined);
  await admin?.end().catch(() => undefined);
  try {
    const c = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
    await c.query(`DROP DATABASE IF EXISTS \`${DB_NAME}\``);
    await c.end();
  } catch (e) {
    log('could not drop database', DB_NAME, e.message);
  }
  const redis = new Redis({ maxRetriesPerRequest: 2 });
  try {
    for (const prefix of [QUEUE_PREFIX, BARE_PREFIX]) await deleteKeysWithPrefix(redis, prefix);
  } catch (e) {
    log('could not clear Redis prefixes', e.message);
  }
  redis.disconnect();
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => cleanup().finally(() => process.exit(130)));

// ---- build ------------------------------------------------------------------------------------
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function build() {
  const stamp = join(DIST, '.built');
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')), statSync(join(ROOT, 'tsconfig.bench.json')).mtimeMs);
  const fresh = existsSync(stamp) && statSync(stamp).mtimeMs > sources && existsSync(join(DIST, 'apps/worker/src/main.js'));
  if (argv.has('--no-build') || (fresh && !argv.has('--build'))) {
    log(`build: bench/.dist is ${fresh ? 'up to date' : 'kept (--no-build)'}`);
    return;
  }
  for (const app of ['api', 'worker']) {
    log(`build: nest build ${app} -p tsconfig.bench.json`);
    execFileSync('npx', ['nest', 'build', app, '-p', 'tsconfig.bench.json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // The path aliases (@app/...) must be rewritten to relative paths, as in dist/.
  const leftovers = [];
  const scan = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (entry.name.endsWith('.js') && /(from|import)\s*\(?\s*['"]@app\//.test(readFileSync(path, 'utf8'))) leftovers.push(path);
    }
  };
  scan(join(DIST, 'apps'));
  scan(join(DIST, 'libs'));
  if (leftovers.length) throw new Error(`unrewritten @app/ imports in:\n${leftovers.join('\n')}`);
  writeFileSync(stamp, new Date().toISOString());
}

// ---- small helpers ------------------------------------------------------------------------------
async function pool(items, concurrency, work) {
  const out = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await work(items[k], k);
      }
    }),
  );
  return out;
}

let apiUrl;
let bareUrl;
async function http(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
const op = (method, path, body) => http(apiUrl, method, path, OPERATOR_TOKEN, body);

// ---- main ---------------------------------------------------------------------------------------
const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
};
const results = {
  machine: {
    ...machine(),
    quick: QUICK,
    rateLimits: NO_RATE_LIMIT ? 'off' : 'on, budgets raised out of reach',
    // What was measured: the commit, and how many files differed from it when the build ran.
    git: { head: git('rev-parse', '--short', 'HEAD'), uncommittedFiles: (git('status', '--porcelain', '--untracked-files=no') ?? '').split('\n').filter(Boolean).length },
  },
};
let expectedNotices = 0; // distinct signed webhooks the receiver should have seen so far

/** The worker's heap before and after a forced GC, from its heap probe (bench/lib/heap-probe.cjs). */
let heapProbeUrl;
async function heapProbe() {
  const res = await fetch(heapProbeUrl, { signal: AbortSignal.timeout(300_000) }); // a snapshot of a large heap takes a while
  if (!res.ok) throw new Error(`heap probe → ${res.status}`);
  return res.json();
}

async function quiesce(label, timeoutMs = 120_000) {
  await receiver.waitFor(expectedNotices, timeoutMs).catch((e) => {
    throw new Error(`${label}: ${e.message}`);
  });
}

async function main() {
  build();

  const cpuAtStart = machineCpu();
  const ownCpuAtStart = process.cpuUsage();
  const loadSamples = [];
  const loadTimer = setInterval(() => loadSamples.push(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])), 5000);
  loadTimer.unref();
  receiver = await startReceiver();
  const [apiPort, workerPort, barePort, heapProbePort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  heapProbeUrl = `http://127.0.0.1:${heapProbePort}/heap`;
  apiUrl = `http://127.0.0.1:${apiPort}`;
  bareUrl = `http://127.0.0.1:${barePort}`;
  const serviceEnv = {
    NODE_ENV: 'development',
    PORT: String(apiPort),
    WORKER_HTTP_PORT: String(workerPort),
    DB_NAME,
    QUEUE_PREFIX,
    OPERATOR_TOKEN,
    JWT_SECRET,
    ALLOW_HTTP_WEBHOOKS: 'true',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_IP: NO_RATE_LIMIT ? '0' : '10000000',
    RATE_LIMIT_PER_USER: NO_RATE_LIMIT ? '0' : '10000000',
  };
  const profArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`] : [];
  const traceArgs = TRACE ? ['--require', join(BENCH, 'lib/trace-queries.cjs')] : [];
  const traceEnv = (name) => (TRACE ? { BENCH_TRACE_QUERIES: join(LOG_DIR, `${runId}-${name}-queries.json`) } : {});
  log(`run ${runId}: database ${DB_NAME}, queue prefix ${QUEUE_PREFIX}; logs in bench/.dist/logs/${runId}-*.log`);
  const api = startProcess('api', [...profArgs, ...traceArgs, join(DIST, 'apps/api/src/main.js')], { ...serviceEnv, ...traceEnv('api') }, join(LOG_DIR, `${runId}-api.log`));
  procs.push(api);
  await waitHttp(`${apiUrl}/health/ready`, api); // the API creates the database and migrates
  // The worker gets the heap probe (bench/lib/heap-probe.cjs): the memory phase reads its heap before and after a forced GC.
  const heapArgs = ['--expose-gc', '--require', join(BENCH, 'lib/heap-probe.cjs')];
  if (HEAP_SNAPSHOTS) mkdirSync(HEAP_DIR, { recursive: true });
  const heapEnv = { BENCH_HEAP_PROBE_PORT: String(heapProbePort), ...(HEAP_SNAPSHOTS && { BENCH_HEAP_SNAPSHOT_DIR: HEAP_DIR }) };
  const worker = startProcess('worker', [...profArgs, ...traceArgs, ...heapArgs, join(DIST, 'apps/worker/src/main.js')], { ...serviceEnv, ...traceEnv('worker'), ...heapEnv }, join(LOG_DIR, `${runId}-worker.log`));
  procs.push(worker);
  await waitHttp(`http://127.0.0.1:${workerPort}/health/ready`, worker);

  results.machine.database = await probeDatabase(DB_NAME);
  admin = mysql.createPool({ host: '127.0.0.1', user: 'root', database: DB_NAME, connectionLimit: 4, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  await admin.query('CREATE TABLE bare_outbox LIKE outbox');
  const bareEnv = { DB_NAME, JWT_SECRET, BARE_QUEUE_PREFIX: BARE_PREFIX, PORT: String(barePort) };
  const bareApi = startProcess('bare-api', [...traceArgs, join(BENCH, 'baselines/bare-api.mjs')], { ...bareEnv, ...traceEnv('bare-api') }, join(LOG_DIR, `${runId}-bare-api.log`));
  const bareWorker = startProcess('bare-worker', [...traceArgs, join(BENCH, 'baselines/bare-worker.mjs')], { ...bareEnv, ...traceEnv('bare-worker') }, join(LOG_DIR, `${runId}-bare-worker.log`));
  procs.push(bareApi, bareWorker);
  await Promise.all([waitOutput(bareApi, 'BARE_API_READY'), waitOutput(bareWorker, 'BARE_WORKER_READY')]);
  log(`started: api pid ${api.pid}, worker pid ${worker.pid}, bare-api pid ${bareApi.pid}, bare-worker pid ${bareWorker.pid}`);

  // ---- provisioning through the operator API ----
  const A = S.accounts + S.readAccounts;
  const accounts = await pool([...Array(A).keys()], 8, async (i) => {
    const account = await op('POST', '/v1/operator/accounts', { name: `Bench Seller ${i}` });
    const user = await op('POST', `/v1/operator/accounts/${account.id}/users`, { email: `admin${i}@${runId}.example`, name: `Admin ${i}`, role: 'admin' });
    const { accessToken } = await op('POST', '/v1/operator/tokens', { userId: user.id, ttlSeconds: 86_400 });
    return { id: account.id, userId: user.id, token: accessToken };
  });
  const partners = await pool([...Array(S.partners).keys()], 8, async (j) => {
    const p = await op('POST', '/v1/operator/partners', {
      name: `Bench Partner ${j}`,
      description: 'Integration, support and analytics for marketplace sellers.',
      certified: true,
      contacts: { email: `partner${j}@${runId}.example`, phone: '+7 495 000 00 00', website: 'https://partner.example' },
      services: ['integration', 'support'],
      webhookUrl: receiver.url,
    });
    return { id: p.id, secret: p.webhookSecret };
  });
  receiver.addSecrets(partners.map((p) => [p.id, p.secret]));
  const gridAccounts = accounts.slice(0, S.accounts);
  const readAccounts = accounts.slice(S.accounts);
  log(`provisioned ${A} accounts (+admins, tokens) and ${partners.length} partners`);

  // Distinct (account, partner) pairs; consecutive pairs differ in both account and partner.
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  if (gcd(S.accounts + 1, S.partners) !== 1) throw new Error('pairs grid: accounts+1 and partners must be coprime');
  let pairCursor = 0;
  const nextPair = () => {
    const k = pairCursor++;
    if (k >= S.accounts * S.partners) throw new Error('out of (account, partner) pairs');
    return { account: gridAccounts[k % S.accounts], partner: partners[(k + Math.floor(k / S.accounts)) % S.partners] };
  };
  const bindRequest = (publish) => () => {
    const { account, partner } = nextPair();
    return {
      method: 'POST',
      path: `/v1/accounts/${account.id}/bindings${publish ? '?publish=1' : ''}`,
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partnerId: partner.id }),
    };
  };
  const check = (label, r) => {
    if (r.non2xx || r.errors) throw new Error(`${label}: ${r.non2xx} non-2xx, ${r.errors} errors (${JSON.stringify(r.statusCodes)})`);
  };

  // Read data: each read account has 10 active and 5 pending bindings (requested through the API,
  // then confirmed with a direct UPDATE, as the partner's confirm would leave them).
  await pool(readAccounts, 6, async (account) => {
    for (let j = 0; j < READ_BOUND.active + READ_BOUND.pending; j++) {
      const b = await http(apiUrl, 'POST', `/v1/accounts/${account.id}/bindings`, account.token, { partnerId: partners[j].id });
      expectedNotices++;
      if (j < READ_BOUND.active) {
        await admin.query("UPDATE bindings SET status = 'active', responded_by = ?, responded_at = NOW(3), version = 2 WHERE id = ?", [account.userId, b.id]);
      }
    }
  });
  await quiesce('provisioning');

  const targets = { service: apiUrl, bare: bareUrl };
  const cpuOf = { service: api.pid, bare: bareApi.pid };
  const pauseWorker = !KEEP_WORKER && (want('write') || want('read') || want('access'));
  if (pauseWorker) process.kill(worker.pid, 'SIGSTOP');

  // ---- 1. write ----
  if (want('write')) {
  log(`write: ${S.rounds} rounds × ${S.writeAmount} binds per side, ${CONNECTIONS} connections; worker ${KEEP_WORKER ? 'running' : 'paused (SIGSTOP) so it does not compete for the 2 cores'}`);
  for (const side of ['service', 'bare']) {
    const r = await cannon({ url: targets[side], connections: CONNECTIONS, amount: S.writeWarm, next: bindRequest(false) });
    check(`write warm-up ${side}`, r);
    if (side === 'service') expectedNotices += r.ok;
  }
  const write = { service: [], bare: [], ratio: [], p50: [], p99: [], baseP50: [], baseP99: [], cpuMsPerReq: [], baseCpuMsPerReq: [] };
  for (let round = 0; round < S.rounds; round++) {
    const order = round % 2 ? ['bare', 'service'] : ['service', 'bare'];
    const got = {};
    for (const side of order) {
      const cpu0 = cpuSeconds(cpuOf[side]);
      const r = await cannon({ url: targets[side], connections: CONNECTIONS, amount: S.writeAmount, next: bindRequest(false) });
      check(`write ${side}`, r);
      const cpuMs = ((cpuSeconds(cpuOf[side]) - cpu0) * 1000) / r.ok;
      if (side === 'service') expectedNotices += r.ok;
      got[side] = r;
      (side === 'service' ? write.cpuMsPerReq : write.baseCpuMsPerReq).push(cpuMs);
    }
    write.service.push(got.service.rps);
    write.bare.push(got.bare.rps);
    write.ratio.push(got.service.rps / got.bare.rps);
    write.p50.push(got.service.p50Ms);
    write.p99.push(got.service.p99Ms);
    write.baseP50.push(got.bare.p50Ms);
    write.baseP99.push(got.bare.p99Ms);
    log(`write round ${round + 1}: service ${got.service.rps.toFixed(0)} rps (p50 ${got.service.p50Ms} ms), bare ${got.bare.rps.toFixed(0)} rps, ratio ${(got.service.rps / got.bare.rps).toFixed(3)}`);
  }
  results.write = {
    rps: round(median(write.service), 0),
    baselineRps: round(median(write.bare), 0),
    ratio: round(median(write.ratio), 3),
    p50Ms: median(write.p50),
    p99Ms: median(write.p99),
    runs: S.rounds,
    requestsPerRun: S.writeAmount,
    connections: CONNECTIONS,
    range: { rps: spread(write.service, 0), baselineRps: spread(write.bare, 0), ratio: spread(write.ratio, 3), p50Ms: spread(write.p50), p99Ms: spread(write.p99) },
    baseline: { p50Ms: median(write.baseP50), p99Ms: median(write.baseP99) },
    cpuMsPerRequest: { service: round(median(write.cpuMsPerReq), 3), baseline: round(median(write.baseCpuMsPerReq), 3) },
    workerDuringRun: KEEP_WORKER ? 'running' : 'paused',
  };

  }

  // ---- 2. read ----
  if (want('read')) {
  log(`read: ${S.rounds} rounds × ${S.readSeconds} s per endpoint and side`);
  const endpoints = {
    bindingsActive: (a) => `/v1/accounts/${a.id}/bindings?status=active`,
    helpfulContacts: (a) => `/v1/accounts/${a.id}/helpful-contacts`,
  };
  const read = { service: [], bare: [], ratio: [], cpu: { service: [], bare: [] }, per: { bindingsActive: { s: [], b: [] }, helpfulContacts: { s: [], b: [] } } };
  for (let round = 0; round < S.rounds; round++) {
    const sums = { service: 0, bare: 0 };
    for (const [name, path] of Object.entries(endpoints)) {
      const order = round % 2 ? ['bare', 'service'] : ['service', 'bare'];
      for (const side of order) {
        let k = 0;
        const cpu0 = cpuSeconds(cpuOf[side]);
        const r = await cannon({
          url: targets[side],
          connections: CONNECTIONS,
          duration: S.readSeconds,
          next: () => {
            const a = readAccounts[k++ % readAccounts.length];
            return { method: 'GET', path: path(a), headers: { authorization: `Bearer ${a.token}` } };
          },
        });
        check(`read ${name} ${side}`, r);
        read.cpu[side].push(((cpuSeconds(cpuOf[side]) - cpu0) * 1000) / r.ok);
        sums[side] += r.rps / 2;
        read.per[name][side === 'service' ? 's' : 'b'].push(r.rps);
      }
    }
    read.service.push(sums.service);
    read.bare.push(sums.bare);
    read.ratio.push(sums.service / sums.bare);
    log(`read round ${round + 1}: service ${sums.service.toFixed(0)} rps, bare ${sums.bare.toFixed(0)} rps, ratio ${(sums.service / sums.bare).toFixed(3)}`);
  }
  const per = (name) => {
    const s = read.per[name].s;
    const b = read.per[name].b;
    const ratios = s.map((v, i) => v / b[i]);
    return { rps: round(median(s), 0), baselineRps: round(median(b), 0), ratio: round(median(ratios), 3), range: { ratio: spread(ratios, 3) } };
  };
  results.read = {
    rps: round(median(read.service), 0),
    baselineRps: round(median(read.bare), 0),
    ratio: round(median(read.ratio), 3),
    runs: S.rounds,
    secondsPerRun: S.readSeconds,
    connections: CONNECTIONS,
    note: 'rps = mean of the two endpoints; each account holds 10 active and 5 pending bindings',
    range: { rps: spread(read.service, 0), baselineRps: spread(read.bare, 0), ratio: spread(read.ratio, 3) },
    endpoints: { bindingsActive: per('bindingsActive'), helpfulContacts: per('helpfulContacts') },
    cpuMsPerRequest: { service: round(median(read.cpu.service), 3), baseline: round(median(read.cpu.bare), 3) },
    workerDuringRun: KEEP_WORKER ? 'running' : 'paused',
  };

  }

  // ---- access checks (bench/lib/access-phase.mjs, with its own baseline) ----
  if (want('access')) {
    const ctx = { urls: targets, apiPid: cpuOf, readAccounts, partners, connections: CONNECTIONS, sizes: S, check, log, options: { noRateLimit: NO_RATE_LIMIT }, dist: DIST, benchDir: BENCH, run: { id: runId, dbName: DB_NAME, operatorToken: OPERATOR_TOKEN, barePrefix: BARE_PREFIX } };
    results.access = await accessPhase.run(ctx);
    results.accessTarget = accessPhase.target(results.access);
  }

  if (pauseWorker) process.kill(worker.pid, 'SIGCONT');
  log(`draining the ${expectedNotices - receiver.unique()} notices queued while the worker was paused`);
  await quiesce('after write/read', 600_000);

  // ---- 3. pipeline ----
  if (want('pipeline')) {
  log(`pipeline: ${S.rounds} rounds × ${S.pipelineAmount} binds → webhooks per side`);
  const pipe = { service: [], bare: [], ratio: [], cpu: { service: [], bare: [] } };
  const pipeCpu = { service: [api.pid, worker.pid], bare: [bareApi.pid, bareWorker.pid] };
  for (let round = 0; round < S.rounds; round++) {
    const order = round % 2 ? ['bare', 'service'] : ['service', 'bare'];
    const got = {};
    for (const side of order) {
      await quiesce(`pipeline ${side}`);
      await sleep(300);
      const cpu0 = pipeCpu[side].map(cpuSeconds);
      const start = now();
      const r = await cannon({ url: targets[side], connections: CONNECTIONS, amount: S.pipelineAmount, next: bindRequest(side === 'bare') });
      check(`pipeline ${side}`, r);
      expectedNotices += r.ok;
      const end = await receiver.waitFor(expectedNotices, 300_000);
      got[side] = (r.ok / (end - start)) * 1000;
      log(`  ${side}: binds accepted in ${(r.elapsedMs / 1000).toFixed(2)} s, last webhook after ${((end - start) / 1000).toFixed(2)} s`);
      const cpu = pipeCpu[side].map((pid, i) => ((cpuSeconds(pid) - cpu0[i]) * 1000) / r.ok);
      pipe.cpu[side].push(cpu);
    }
    pipe.service.push(got.service);
    pipe.bare.push(got.bare);
    pipe.ratio.push(got.service / got.bare);
    log(`pipeline round ${round + 1}: service ${got.service.toFixed(0)}/s, bare ${got.bare.toFixed(0)}/s, ratio ${(got.service / got.bare).toFixed(3)}`);
  }
  const cpuMed = (side, i) => round(median(pipe.cpu[side].map((c) => c[i])), 3);
  results.pipeline = {
    perSec: round(median(pipe.service), 0),
    baselinePerSec: round(median(pipe.bare), 0),
    ratio: round(median(pipe.ratio), 3),
    runs: S.rounds,
    noticesPerRun: S.pipelineAmount,
    connections: CONNECTIONS,
    range: { perSec: spread(pipe.service, 0), baselinePerSec: spread(pipe.bare, 0), ratio: spread(pipe.ratio, 3) },
    cpuMsPerNotice: { api: cpuMed('service', 0), worker: cpuMed('service', 1), bareApi: cpuMed('bare', 0), bareWorker: cpuMed('bare', 1) },
  };

  }

  // ---- 4. latency at ~50 binds/s ----
  if (want('latency')) {
  log(`latency: ${S.latencyRounds} rounds × ${S.latencySeconds} s at ${LATENCY_RATE} binds/s`);
  const lat = { p50: [], p99: [], all: [] };
  for (let round = 0; round < S.latencyRounds; round++) {
    await quiesce('latency');
    receiver.track(true);
    await sleep(50);
    const count = S.latencySeconds * LATENCY_RATE;
    const sent = new Map();
    const inflight = [];
    const start = now();
    for (let i = 0; i < count; i++) {
      const wait = start + (i * 1000) / LATENCY_RATE - now();
      if (wait > 0) await sleep(wait);
      const req = bindRequest(false)();
      inflight.push(
        (async () => {
          const t = now();
          const res = await fetch(apiUrl + req.path, { method: 'POST', headers: req.headers, body: req.body });
          const body = await res.json();
          if (res.status !== 202) throw new Error(`latency bind → ${res.status} ${JSON.stringify(body)}`);
          sent.set(body.id, t);
        })(),
      );
    }
    await Promise.all(inflight);
    expectedNotices += count;
    await quiesce('latency round');
    const arrivals = await receiver.dump();
    receiver.track(false);
    const ms = [...sent].map(([id, t]) => arrivals.get(id) - t).filter((v) => Number.isFinite(v));
    if (ms.length !== count) throw new Error(`latency: ${ms.length} of ${count} arrivals matched`);
    lat.p50.push(percentile(ms, 50));
    lat.p99.push(percentile(ms, 99));
    lat.all.push(...ms);
    log(`latency round ${round + 1}: p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms`);
  }
  results.latency = {
    p50Ms: round(median(lat.p50), 1),
    p99Ms: round(median(lat.p99), 1),
    runs: S.latencyRounds,
    bindsPerSec: LATENCY_RATE,
    samplesPerRun: S.latencySeconds * LATENCY_RATE,
    measured: 'from sending POST /bindings to the signed webhook arriving at the receiver',
    range: { p50Ms: spread(lat.p50, 1), p99Ms: spread(lat.p99, 1) },
    pooled: { p50Ms: round(percentile(lat.all, 50), 1), p90Ms: round(percentile(lat.all, 90), 1), p99Ms: round(percentile(lat.all, 99), 1), maxMs: round(Math.max(...lat.all), 1) },
  };

  }

  // ---- 5. search over the catalogue ----
  if (want('search')) {
  log(`search: seeding ${S.searchPartners} certified partners with bulk INSERTs`);
  const words1 = ['Bright', 'Rapid', 'Nordic', 'Silver', 'Quantum', 'Urban', 'Golden', 'Blue', 'Smart', 'Prime', 'Agile', 'Solid', 'Clever', 'Vector', 'Pixel', 'Cyber', 'Green', 'Iron', 'Crystal', 'Polar', 'Sunny', 'Hyper', 'Neo', 'Delta', 'Alpha', 'Omega', 'Metro', 'Star', 'Red', 'Wise', 'Bold', 'True', 'Stellar', 'Fusion', 'Summit', 'Zenith', 'Arctic', 'Lunar', 'Solar', 'Echo'];
  const words2 = ['Falcon', 'Integrations', 'Commerce', 'Logistics', 'Analytics', 'Software', 'Bridge', 'Cloud', 'Market', 'Retail', 'Data', 'Forge', 'Works', 'Harbor', 'Studio', 'Apps', 'Signal', 'Path', 'Orbit', 'Pulse', 'Wave', 'Core', 'Stack', 'Flow', 'Nexus', 'Spark', 'Sales', 'Trade', 'Ledger', 'Point', 'Scale', 'Shift', 'Link', 'Sphere', 'Grid', 'Vision', 'Craft', 'Node', 'Peak', 'River'];
  const words3 = ['Labs', 'Systems', 'Group', 'Digital', 'Partners', 'Solutions', 'Agency', 'Consulting', 'Tech', 'LLC'];
  const nameOf = (i) => `${words1[i % 40]} ${words2[Math.floor(i / 40) % 40]} ${words3[Math.floor(i / 1600) % 10]} ${String(i).padStart(6, '0')}`;
  const at = new Date();
  for (let from = 0; from < S.searchPartners; from += 2000) {
    const rows = [];
    for (let i = from; i < Math.min(S.searchPartners, from + 2000); i++) {
      rows.push([uuidv7(), nameOf(i), 'Certified marketplace partner: integration, support, analytics.', 1, `seed${i}@catalogue.example`, null, null, '["integration"]', null, 'whsec_seed', at, at]);
    }
    await admin.query('INSERT INTO partners (id, name, description, certified, contact_email, contact_phone, contact_website, services, webhook_url, webhook_secret, created_at, updated_at) VALUES ?', [rows]);
  }
  // The catalogue's trigram postings (partner_name_trigrams): the migration's own backfill, from the build.
  log('search: filling partner_name_trigrams with the migration\'s backfill');
  const { BACKFILL_PARTNER_NAME_TRIGRAMS } = await import(pathToFileURL(join(DIST, 'libs/database/src/migrations/1795767000000-PartnerNameTrigrams.js')).href);
  await admin.query(BACKFILL_PARTNER_NAME_TRIGRAMS);
  await admin.query('ANALYZE TABLE partners, partner_name_trigrams');
  // Query mix: 60 % a common word's prefix (many matches), 30 % a specific partner's name
  // fragment (few matches: the scan runs to the end), 10 % no match at all.
  const queries = [];
  for (let i = 0; i < S.searchQueries; i++) {
    const x = i % 10;
    if (x < 6) {
      const w = [...words1, ...words2, ...words3][(i * 7) % 90];
      queries.push({ kind: 'common', q: w.slice(0, 3 + (i % 3)).toLowerCase() });
    } else if (x < 9) queries.push({ kind: 'rare', q: nameOf((i * 7919) % S.searchPartners).split(' ').slice(1).join(' ').toLowerCase() });
    else queries.push({ kind: 'none', q: `zq${i}x` });
  }
  // Shapes built to cost the service (bounded work per request): 1–2 characters, long fragments of common trigrams, odd characters.
  for (let i = 0; i < S.searchQueries / 10; i++) {
    queries.push({ kind: 'short', q: ['a', 'zq', 'é', 'x9'][i % 4] });
    queries.push({ kind: 'longCommon', q: `${words3[i % 10]} ${words3[(i + 3) % 10]} ${words2[i % 40]} ${words3[(i + 7) % 10]} ${words1[i % 40]}`.toLowerCase() });
    queries.push({ kind: 'odd', q: ['%_%', '\\\\', '🙂 café', "' OR 1=1 --"][i % 4] });
  }
  // How MariaDB runs the service's catalogue query (PartnersService.searchCatalogue): ANALYZE
  // executes it and reports the rows it really read.
  const explain = {};
  const ex = await admin.getConnection();
  const handlerReads = async () => {
    // With index condition pushdown every index entry the scan visits is one ICP attempt.
    const [rows] = await ex.query("SHOW SESSION STATUS LIKE 'Handler_icp_attempts'");
    return Number(rows[0]?.Value ?? NaN);
  };
  for (const kind of ['common', 'rare', 'none']) {
    const { q } = queries.find((x) => x.kind === kind);
    const reads0 = await handlerReads();
    await ex.query('SELECT * FROM partners p WHERE p.certified = 1 AND p.name LIKE ? ORDER BY p.name ASC, p.id ASC LIMIT 21', [`%${q}%`]);
    const indexEntriesRead = (await handlerReads()) - reads0;
    const [[row]] = await ex.query(
      'ANALYZE FORMAT=JSON SELECT * FROM partners p WHERE p.certified = 1 AND p.name LIKE ? ORDER BY p.name ASC, p.id ASC LIMIT 21',
      [`%${q}%`],
    );
    const plan = JSON.parse(Object.values(row)[0]);
    const find = (o) => (o && typeof o === 'object' ? (o.table ?? Object.values(o).map(find).find(Boolean)) : undefined);
    const t = find(plan.query_block) ?? {};
    explain[kind] = { q, accessType: t.access_type, key: t.key, indexEntriesRead, rowsMatched: t.r_rows, pagesAccessed: t.r_engine_stats?.pages_accessed, totalMs: round(plan.query_block?.r_total_time_ms ?? NaN, 2) };
  }
  ex.release();
  const searcher = gridAccounts[0];
  const searchOnce = async (q) => {
    const t = now();
    const res = await fetch(`${apiUrl}/v1/partners?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${searcher.token}` } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`search → ${res.status}`);
    return { ms: now() - t, n: body.items.length };
  };
  for (let i = 0; i < 20; i++) await searchOnce(queries[i % queries.length].q); // warm-up
  const byKind = { common: [], rare: [], none: [], short: [], longCommon: [], odd: [] };
  const search = { p50: [], p95: [] };
  const searchRounds = S.searchRounds;
  for (let round = 0; round < searchRounds; round++) {
    const ms = [];
    for (const { kind, q } of queries) {
      const r = await searchOnce(q);
      ms.push(r.ms);
      byKind[kind].push(r.ms);
    }
    search.p50.push(percentile(ms, 50));
    search.p95.push(percentile(ms, 95));
  }
  results.search = {
    partners: S.searchPartners + partners.length,
    p50Ms: round(median(search.p50), 2),
    p95Ms: round(median(search.p95), 2),
    runs: searchRounds,
    queriesPerRun: S.searchQueries,
    note: 'one request at a time (latency, not throughput); 60 % common word prefixes, 30 % a specific name fragment, 10 % no match; plus 30 % more: 1–2 characters, long fragments of common words, odd characters',
    range: { p50Ms: spread(search.p50), p95Ms: spread(search.p95) },
    explain,
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { p50Ms: round(percentile(v, 50)), p95Ms: round(percentile(v, 95)) }])),
  };
  log(`search: p50 ${results.search.p50Ms} ms, p95 ${results.search.p95Ms} ms`);

  }

  // ---- retention purge of a large delivery log, with binds arriving meanwhile ----
  if (want('retention')) {
    await quiesce('retention');
    results.retention = await measureRetention({
      admin, apiUrl, queuePrefix: QUEUE_PREFIX, partnerId: partners[0].id, rows: S.retentionRows,
      baselineSeconds: S.retentionBaselineSeconds, connections: RETENTION_CLIENTS, bindRequest: bindRequest(false), log,
    });
    expectedNotices += results.retention.bindsWithoutPurge.count + results.retention.bindsDuringPurge.count;
    log(`retention: ${results.retention.deleted} rows in ${results.retention.purgeSeconds} s (${results.retention.rowsPerSec} rows/s); binds p99 ${results.retention.bindsWithoutPurge.p99Ms} ms without, ${results.retention.bindsDuringPurge.p99Ms} ms during the purge`);
    await quiesce('after retention', 600_000);
  }

  // ---- 6. memory before and after N notices ----
  if (want('memory')) {
  await quiesce('memory');
  await sleep(1000);
  const redis = new Redis({ maxRetriesPerRequest: 2 });
  const queueNames = ['partner-webhooks', 'seller-notices', 'binding-expiry'];
  const counts = async () => {
    const out = {};
    for (const name of queueNames) {
      const q = new Queue(name, { connection: redis, prefix: QUEUE_PREFIX });
      const c = await q.getJobCounts('completed', 'delayed', 'waiting', 'active', 'failed');
      out[name] = c;
    }
    return out;
  };
  const snapshot = async () => {
    const info = await redis.info('memory');
    const used = Number(/used_memory:(\d+)/.exec(info)[1]);
    let keys = 0;
    let bytes = 0;
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 2000);
      cursor = next;
      keys += batch.length;
      if (batch.length) {
        const p = redis.pipeline();
        for (const k of batch) p.memory('USAGE', k, 'SAMPLES', '0');
        for (const [, v] of await p.exec()) bytes += Number(v ?? 0);
      }
    } while (cursor !== '0');
    const [[rows]] = await admin.query('SELECT (SELECT COUNT(*) FROM outbox) AS outbox, (SELECT COUNT(*) FROM webhook_deliveries) AS deliveries, (SELECT COUNT(*) FROM seller_notices) AS sellerNotices');
    return {
      apiRssMb: rssMb(api.pid),
      workerRssMb: rssMb(worker.pid), // read before the heap probe forces a GC
      workerHeap: await heapProbe(),
      redisUsedMb: round(used / 2 ** 20, 1),
      redisPrefixMb: round(bytes / 2 ** 20, 1),
      redisPrefixKeys: keys,
      jobs: await counts(),
      mysqlRows: { outbox: Number(rows.outbox), webhookDeliveries: Number(rows.deliveries), sellerNotices: Number(rows.sellerNotices) },
    };
  };
  const before = await snapshot();
  log(`memory: before ${JSON.stringify({ api: before.apiRssMb, worker: before.workerRssMb, workerHeap: before.workerHeap, redis: before.redisUsedMb })}; sending ${S.memoryNotices} binds → notices`);
  const memStart = now();
  for (let sent = 0; sent < S.memoryNotices; ) {
    const chunk = Math.min(10_000, S.memoryNotices - sent);
    const r = await cannon({ url: apiUrl, connections: CONNECTIONS, amount: chunk, next: bindRequest(false) });
    check('memory binds', r);
    expectedNotices += r.ok;
    sent += r.ok;
    log(`memory: ${sent}/${S.memoryNotices} binds sent, ${receiver.unique()} notices received so far`);
  }
  await quiesce('memory', 1_200_000);
  const memSeconds = (now() - memStart) / 1000;
  await sleep(2000);
  const after = await snapshot();
  redis.disconnect();
  const { jobs: jobsBefore, mysqlRows: rowsBefore, ...memBefore } = before;
  results.memory = {
    ...memBefore,
    notices: S.memoryNotices,
    jobsBefore,
    mysqlRowsBefore: rowsBefore,
    after: { ...after, seconds: round(memSeconds, 1), noticesPerSec: round(S.memoryNotices / memSeconds, 0) },
  };
  log(`memory: after ${JSON.stringify({ api: after.apiRssMb, worker: after.workerRssMb, workerHeap: after.workerHeap, redis: after.redisUsedMb, prefixMb: after.redisPrefixMb })}`);

  }

  // How busy the box was, and how much of that was this run's own node processes (harness + 4
  // children). The rest is MariaDB and Redis (serving this run and anyone else) and other work.
  const cpuNow = machineCpu();
  const span = cpuNow.total - cpuAtStart.total;
  const own = procs.reduce((sum, p) => sum + (cpuSeconds(p.pid) ?? 0), 0) + (process.cpuUsage(ownCpuAtStart).user + process.cpuUsage(ownCpuAtStart).system) / 1e6;
  clearInterval(loadTimer);
  results.machine.cpuDuringRun = {
    busyPct: round((100 * (span - (cpuNow.idle - cpuAtStart.idle))) / span, 1),
    thisRunNodeProcessesPct: round((100 * own) / span, 1),
    everythingElsePct: round((100 * (span - (cpuNow.idle - cpuAtStart.idle) - own)) / span, 1),
    loadAvg1mSamples: { median: round(median(loadSamples), 2), max: round(Math.max(...loadSamples), 2) },
    note: 'shares of all cores; "everything else" includes MariaDB and Redis serving this run',
  };

  results.receiver = { notices: receiver.unique(), duplicates: receiver.duplicates(), badSignatures: receiver.bad() };
  if (receiver.bad() > 0) throw new Error(`${receiver.bad()} webhooks failed signature verification`);
  results.machine.loadAvgAtEnd = machine().loadAvgAtStart;
  results.machine.loadGenerator =
    'autocannon in the harness process (pipelining 1, 32 connections), webhook receiver (node:http, keep-alive) in a worker thread of the same process; all on the same 2-core box as MariaDB, Redis, the service and the baselines';
  results.machine.durationSeconds = round((now() - t0) / 1000, 1);
  const r = results;
  const m = r.memory;
  results.targets = {
    ...(r.write && { writeRatio: { target: '>= 0.85', met: r.write.ratio >= 0.85 } }),
    ...(r.read && { readRatio: { target: '>= 0.85', met: r.read.ratio >= 0.85 } }),
    ...(r.access && { access: r.accessTarget }),
    ...(r.pipeline && { pipelineRatio: { target: '>= 0.7', met: r.pipeline.ratio >= 0.7 } }),
    ...(r.latency && { latencyP50: { target: '<= 20 ms', met: r.latency.p50Ms <= 20 }, latencyP99: { target: '<= 100 ms', met: r.latency.p99Ms <= 100 } }),
    ...(r.search && { searchP95: { target: '<= 10 ms at 100k partners', met: r.search.p95Ms <= 10 && r.search.partners >= 100_000 } }),
    ...(m && {
      workerHeapFlat: {
        target: 'worker heap used after a forced GC within ±10 % across the run',
        met: Math.abs(m.after.workerHeap.heapUsedAfterGcMb - m.workerHeap.heapUsedAfterGcMb) <= 0.1 * m.workerHeap.heapUsedAfterGcMb,
      },
      memoryFlat: {
        target: 'flat after the run (Redis keys of this run within 10 % + 1 MB, RSS within 20 %)',
        met: m.after.redisPrefixMb <= m.redisPrefixMb * 1.1 + 1 && m.after.apiRssMb <= m.apiRssMb * 1.2 && m.after.workerRssMb <= m.workerRssMb * 1.2,
      },
    }),
  };
}

function report() {
  const r = results;
  const rg = (s, d = 0) => (s ? `[${round(s.min, d)}–${round(s.max, d)}]` : '');
  const yes = (t) => (t?.met ? 'met' : 'NOT met');
  const rows = [['figure', 'service', 'bare baseline', 'ratio (min–max)', 'target']];
  if (r.write) {
    rows.push(['write rps (POST bindings, 32 conn)', `${r.write.rps} ${rg(r.write.range.rps)}`, `${r.write.baselineRps} ${rg(r.write.range.baselineRps)}`, `${r.write.ratio} ${rg(r.write.range.ratio, 3)}`, `≥ 0.85 ${yes(r.targets.writeRatio)}`]);
    rows.push(['write latency p50 / p99 ms', `${r.write.p50Ms} / ${r.write.p99Ms}`, `${r.write.baseline.p50Ms} / ${r.write.baseline.p99Ms}`, '', '']);
  }
  if (r.read) {
    rows.push(['read rps (mean of 2 endpoints)', `${r.read.rps} ${rg(r.read.range.rps)}`, `${r.read.baselineRps} ${rg(r.read.range.baselineRps)}`, `${r.read.ratio} ${rg(r.read.range.ratio, 3)}`, `≥ 0.85 ${yes(r.targets.readRatio)}`]);
    rows.push(['  GET bindings?status=active', `${r.read.endpoints.bindingsActive.rps}`, `${r.read.endpoints.bindingsActive.baselineRps}`, `${r.read.endpoints.bindingsActive.ratio}`, '']);
    rows.push(['  GET helpful-contacts', `${r.read.endpoints.helpfulContacts.rps}`, `${r.read.endpoints.helpfulContacts.baselineRps}`, `${r.read.endpoints.helpfulContacts.ratio}`, '']);
  }
  if (r.access) rows.push(...accessPhase.rows(r.access, r.accessTarget));
  if (r.pipeline) rows.push(['pipeline notices/s (bind → webhook)', `${r.pipeline.perSec} ${rg(r.pipeline.range.perSec)}`, `${r.pipeline.baselinePerSec} ${rg(r.pipeline.range.baselinePerSec)}`, `${r.pipeline.ratio} ${rg(r.pipeline.range.ratio, 3)}`, `≥ 0.7 ${yes(r.targets.pipelineRatio)}`]);
  if (r.latency) {
    rows.push([`latency bind → webhook @${r.latency.bindsPerSec}/s p50`, `${r.latency.p50Ms} ms ${rg(r.latency.range.p50Ms, 1)}`, '', '', `≤ 20 ms ${yes(r.targets.latencyP50)}`]);
    rows.push([`latency bind → webhook @${r.latency.bindsPerSec}/s p99`, `${r.latency.p99Ms} ms ${rg(r.latency.range.p99Ms, 1)}`, '', '', `≤ 100 ms ${yes(r.targets.latencyP99)}`]);
  }
  if (r.search) {
    rows.push([`search p50 (${r.search.partners} partners)`, `${r.search.p50Ms} ms ${rg(r.search.range.p50Ms, 2)}`, '', '', '']);
    rows.push([`search p95 (${r.search.partners} partners)`, `${r.search.p95Ms} ms ${rg(r.search.range.p95Ms, 2)}`, '', '', `≤ 10 ms ${yes(r.targets.searchP95)}`]);
  }
  if (r.retention) {
    const t = r.retention;
    rows.push([`retention purge rows/s (${t.rows} old deliveries)`, `${t.rowsPerSec} (${t.purgeSeconds} s)`, '', '', '']);
    const failed = t.bindsWithoutPurge.failed + t.bindsDuringPurge.failed;
    const binds = (b) => `${b.perSec}/s, p50 ${b.p50Ms} / p99 ${b.p99Ms} ms`;
    rows.push([`binds (${t.bindClients} clients), no purge → purging`, `${binds(t.bindsWithoutPurge)} → ${binds(t.bindsDuringPurge)}${failed ? ` (${failed} failed)` : ''}`, '', '', '']);
  }
  if (r.memory) {
    rows.push([`memory API RSS MB (before → after ${r.memory.notices} notices)`, `${r.memory.apiRssMb} → ${r.memory.after.apiRssMb}`, '', '', '']);
    rows.push(['memory worker RSS MB', `${r.memory.workerRssMb} → ${r.memory.after.workerRssMb}`, '', '', '']);
    const wh = (h) => `${h.heapUsedMb} / ${h.heapUsedAfterGcMb}`;
    rows.push(['memory worker heap used MB, before / after forced GC', `${wh(r.memory.workerHeap)} → ${wh(r.memory.after.workerHeap)}`, '', '', `±10 % ${yes(r.targets.workerHeapFlat)}`]);
    rows.push(['memory Redis used MB (whole server)', `${r.memory.redisUsedMb} → ${r.memory.after.redisUsedMb}`, '', '', '']);
    rows.push(["memory Redis, this run's keys MB", `${r.memory.redisPrefixMb} → ${r.memory.after.redisPrefixMb} (${r.memory.redisPrefixKeys} → ${r.memory.after.redisPrefixKeys} keys)`, '', '', `flat ${yes(r.targets.memoryFlat)}`]);
  }
  console.log(table(rows));
  console.log(`\nmachine: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB, ${r.machine.os}, node ${r.machine.node}; load average at start ${r.machine.loadAvgAtStart.join(' ')}, at end ${r.machine.loadAvgAtEnd.join(' ')}; ${r.machine.quick ? 'QUICK run' : 'full run'} in ${r.machine.durationSeconds} s`);
  const c = r.machine.cpuDuringRun;
  if (c) console.log(`CPU during the run: ${c.busyPct} % of both cores busy; this run's node processes ${c.thisRunNodeProcessesPct} %, everything else (MariaDB, Redis, other work on the box) ${c.everythingElsePct} %; 1-min load average median ${c.loadAvg1mSamples.median}, max ${c.loadAvg1mSamples.max}`);
  console.log(`receiver: ${r.receiver.notices} distinct signed notices, ${r.receiver.duplicates} duplicates, ${r.receiver.badSignatures} bad signatures`);
}

try {
  await main();
  const json = JSON.stringify(results, null, 2);
  writeFileSync(join(BENCH, 'results', 'latest.json'), json + '\n');
  writeFileSync(join(BENCH, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}${QUICK ? '-quick' : ''}.json`), json + '\n');
  report();
  if (PROFILE) log(`CPU profiles in ${PROF_DIR} (written when the processes exit; summarise with node bench/profile-summary.mjs <file>)`);
  if (TRACE) log(`SQL statement counts in bench/.dist/logs/${runId}-*-queries.json (written when the processes exit)`);
} catch (error) {
  console.error('bench failed:', error?.stack ?? error);
  process.exitCode = 1;
} finally {
  await cleanup();
  log('cleaned up: processes stopped, database dropped, Redis keys removed');
  process.exit(process.exitCode ?? 0); // keep-alive sockets and timers of the load generator would hold the process open
}
