import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { sleep } from '../../scripts/lib/wait.mjs';

// One copy of these for the tests, the scripts and the benchmark.
export { freePort } from '../../scripts/lib/ports.mjs';
export { sleep };
export const now = () => performance.timeOrigin + performance.now();

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
export const median = (values) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const round = (v, digits = 2) => (v === null || v === undefined || Number.isNaN(v) ? null : Number(v.toFixed(digits)));

/** { median, min, max, runs } of a list of per-round figures. */
export function spread(values, digits = 2) {
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    runs: values.map((v) => round(v, digits)),
  };
}

/** Starts `node <args>` with env; stdout/stderr go to a log file. Returns { pid, child, exited, log }. */
export function startProcess(name, args, env, logPath) {
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const onData = (chunk) => {
    log.write(chunk);
    const text = chunk.toString();
    lines.push(text);
    if (lines.length > 200) lines.shift();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { name, pid: child.pid, child, exited, tail: () => lines.join('').slice(-3000), output: () => lines.join('') };
}

export async function stopProcess(proc, timeoutMs = 10_000) {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  try {
    process.kill(proc.pid, 'SIGCONT');
  } catch {}
  try {
    process.kill(proc.pid, 'SIGTERM');
  } catch {}
  const result = await Promise.race([proc.exited, sleep(timeoutMs).then(() => null)]);
  if (result === null) {
    try {
      process.kill(proc.pid, 'SIGKILL');
    } catch {}
    await proc.exited;
  }
}

export async function waitHttp(url, proc, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) throw new Error(`${proc.name} exited during start-up:\n${proc.tail()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms${proc ? `:\n${proc.tail()}` : ''}`);
    await sleep(100);
  }
}

export async function waitOutput(proc, marker, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!proc.output().includes(marker)) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited during start-up:\n${proc.tail()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} not ready:\n${proc.tail()}`);
    await sleep(50);
  }
}

export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return round(kb / 1024, 1);
  } catch {
    return null;
  }
}

/** CPU time (user+system, seconds) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

/**
 * The shared servers both sides use: MariaDB and the Redis on 6379 (found in /proc by name, once). Their CPU per
 * request tells how much work a design leaves to the database and Redis; it counts everything those servers do,
 * other users' work on the box included, so it is read from alternating rounds like every figure.
 */
let serverPids = null;
export function sharedServerPids() {
  if (serverPids) return serverPids;
  serverPids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (name === 'mariadbd' || name === 'mysqld' || (name === 'redis-server' && /:6379\b/.test(cmdline))) serverPids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return serverPids;
}

/** CPU seconds used so far by MariaDB and Redis together (see sharedServerPids). */
export function serversCpuSeconds() {
  return sharedServerPids().reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
}

/** Whole-machine CPU jiffies (all cores) from /proc/stat: { total, idle } in seconds. */
export function machineCpu() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total: total / 100, idle: (fields[3] + fields[4]) / 100 };
}

export function machine() {
  const cpus = os.cpus();
  const load = os.loadavg();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAvgAtStart: load.map((v) => round(v, 2)),
  };
}

/**
 * Runs autocannon in this process with pipelining 1 (one request in flight per connection).
 * `next()` returns { method, path, headers, body } for each request.
 */
export function cannon({ url, connections, amount, duration, next }) {
  return new Promise((resolve, reject) => {
    const started = now();
    const instance = autocannon(
      {
        url,
        connections,
        pipelining: 1,
        ...(amount ? { amount } : { duration }),
        timeout: 30,
        // autocannon only notices it is done on its sampling tick (default 1 s, which would
        // quantise every figure to whole seconds); 10 ms keeps the end within 10 ms.
        sampleInt: 10,
        requests: [
          {
            setupRequest: (request) => {
              const r = next();
              return { ...request, method: r.method, path: r.path, headers: r.headers, body: r.body };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsedMs = now() - started;
        resolve({
          total: result.requests.total,
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          elapsedMs,
          rps: (result['2xx'] / elapsedMs) * 1000,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          statusCodes: result.statusCodeStats,
        });
      },
    );
    instance.on('error', () => undefined);
  });
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r, k) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ') + (k === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : ''))
    .join('\n');
}
