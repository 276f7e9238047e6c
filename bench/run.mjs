#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only=write,read] …` — options and method in BENCHMARKS.md.
// Builds the service, starts it and the bare baselines, provisions, runs the phases of
// bench/lib/phases (in the order registered there), prints the table and writes bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './lib/build.mjs';
import { CONNECTIONS, OPTIONS, RUN, SIZES } from './lib/options.mjs';
import { PHASES } from './lib/phases/index.mjs';
import { probeDatabase } from './lib/probe.mjs';
import { provision } from './lib/provision.mjs';
import { startReceiver } from './lib/receiver.mjs';
import { report } from './lib/report.mjs';
import { loadAvg1m } from './lib/rounds.mjs';
import { createStack } from './lib/stack.mjs';
import { cpuSeconds, machine, machineCpu, median, now, round } from './lib/util.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');
const DIST = join(BENCH, '.dist');
const t0 = now();
const log = (...a) => console.error(`[bench ${((now() - t0) / 1000).toFixed(1)}s]`, ...a);
const phases = PHASES.filter((p) => !OPTIONS.only || OPTIONS.only.includes(p.name));
const stack = createStack({ bench: BENCH, dist: DIST, run: RUN, options: OPTIONS, log });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stack.cleanup().finally(() => process.exit(130)));

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
};

/** What every phase gets: the stack, the provisioned data, and the count of webhooks the receiver should have seen. */
async function context() {
  let expected = 0;
  const ctx = { options: OPTIONS, sizes: SIZES, run: RUN, dist: DIST, connections: CONNECTIONS, stack, log };
  ctx.expectNotices = (n) => (expected += n);
  ctx.quiesce = (label, timeoutMs = 120_000) =>
    stack.receiver.waitFor(expected, timeoutMs).catch((e) => {
      throw new Error(`${label}: ${e.message}`);
    });
  ctx.check = (label, r) => {
    if (r.non2xx || r.errors) throw new Error(`${label}: ${r.non2xx} non-2xx, ${r.errors} errors (${JSON.stringify(r.statusCodes)})`);
  };
  ctx.urls = { service: stack.apiUrl, bare: stack.bareUrl };
  ctx.apiPid = { service: stack.api.pid, bare: stack.bareApi.pid };
  Object.assign(ctx, await provision({ stack, sizes: SIZES, run: RUN, onNotice: ctx.expectNotices, log }));
  await ctx.quiesce('provisioning');
  return ctx;
}

/**
 * Runs the phases in order. Phases marked `pausesWorker` run with the service's worker stopped
 * (SIGSTOP), so it does not take the second core from the API it is compared with; the queued
 * notices are drained before the next phase.
 */
async function runPhases(ctx, results) {
  let paused = false;
  const pause = async (on) => {
    if (on === paused || ctx.options.keepWorker) return;
    process.kill(stack.worker.pid, on ? 'SIGSTOP' : 'SIGCONT');
    paused = on;
    if (!on) await ctx.quiesce('draining the notices queued while the worker was paused', 600_000);
  };
  for (const phase of phases) {
    await pause(Boolean(phase.pausesWorker));
    const load = loadAvg1m();
    results[phase.name] = { ...(await phase.run(ctx)), loadAvg1mAtStart: load };
    if (phase.target) results.targets[phase.name] = phase.target(results[phase.name]);
  }
  await pause(false);
}

/** How busy the box was, and how much of that was this run's own node processes (harness + 4 children). */
function cpuDuringRun(cpuAtStart, ownAtStart, loadSamples) {
  const cpuNow = machineCpu();
  const span = cpuNow.total - cpuAtStart.total;
  const ownUsage = process.cpuUsage(ownAtStart);
  const own = stack.procs.reduce((sum, p) => sum + (cpuSeconds(p.pid) ?? 0), 0) + (ownUsage.user + ownUsage.system) / 1e6;
  const busy = span - (cpuNow.idle - cpuAtStart.idle);
  return {
    busyPct: round((100 * busy) / span, 1),
    thisRunNodeProcessesPct: round((100 * own) / span, 1),
    everythingElsePct: round((100 * (busy - own)) / span, 1),
    loadAvg1mSamples: { median: round(median(loadSamples), 2), max: round(Math.max(...loadSamples), 2) },
    note: 'shares of all cores; "everything else" includes MariaDB and Redis serving this run and other engineers\' test suites, which share the 2 cores',
  };
}

async function main() {
  build({ root: ROOT, dist: DIST, options: OPTIONS, log });
  const results = {
    machine: {
      ...machine(),
      quick: OPTIONS.quick,
      rateLimits: OPTIONS.noRateLimit ? 'off on both sides' : 'on on both sides, budgets raised out of reach',
      git: {
        head: git('rev-parse', '--short', 'HEAD'),
        uncommittedFiles: (git('status', '--porcelain', '--untracked-files=no') ?? '').split('\n').filter(Boolean).length,
      },
    },
    targets: {},
  };
  const cpuAtStart = machineCpu();
  const ownAtStart = process.cpuUsage();
  const loadSamples = [loadAvg1m()];
  const loadTimer = setInterval(() => loadSamples.push(loadAvg1m()), 5000).unref();
  stack.receiver = await startReceiver();
  log(`run ${RUN.id}: database ${RUN.dbName}, queue prefix ${RUN.queuePrefix}; logs in bench/.dist/logs/${RUN.id}-*.log`);
  await stack.startService();
  results.machine.database = await probeDatabase(RUN.dbName);
  await stack.startBaselines();
  log(`started: api pid ${stack.api.pid}, worker pid ${stack.worker.pid}, bare-api pid ${stack.bareApi.pid}, bare-worker pid ${stack.bareWorker.pid}`);
  await runPhases(await context(), results);
  clearInterval(loadTimer);
  results.machine.cpuDuringRun = cpuDuringRun(cpuAtStart, ownAtStart, loadSamples);
  const { receiver } = stack;
  results.receiver = { notices: receiver.unique(), duplicates: receiver.duplicates(), badSignatures: receiver.bad() };
  if (receiver.bad() > 0) throw new Error(`${receiver.bad()} webhooks failed signature verification`);
  results.machine.loadAvgAtEnd = machine().loadAvgAtStart;
  results.machine.loadGenerator =
    'autocannon in the harness process (pipelining 1, 32 connections), webhook receiver (node:http, keep-alive) in a worker thread of the same process; all on the same 2-core box as MariaDB, Redis, the service and the baselines';
  results.machine.durationSeconds = round((now() - t0) / 1000, 1);
  return results;
}

try {
  const results = await main();
  const json = JSON.stringify(results, null, 2) + '\n';
  mkdirSync(join(BENCH, 'results'), { recursive: true });
  writeFileSync(join(BENCH, 'results', 'latest.json'), json);
  writeFileSync(join(BENCH, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}${OPTIONS.quick ? '-quick' : ''}.json`), json);
  report(results, phases);
  if (OPTIONS.profile) log(`CPU profiles in ${stack.profDir} (written when the processes exit; summarise with node bench/profile-summary.mjs <file>)`);
  if (OPTIONS.trace) log(`SQL statement counts in bench/.dist/logs/${RUN.id}-*-queries.json (written when the processes exit)`);
} catch (error) {
  console.error('bench failed:', error?.stack ?? error);
  process.exitCode = 1;
} finally {
  await stack.cleanup();
  log('cleaned up: processes stopped, database dropped, Redis keys removed');
  process.exit(process.exitCode ?? 0); // keep-alive sockets and timers of the load generator would hold the process open
}
