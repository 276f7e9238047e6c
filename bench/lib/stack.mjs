// Starts what a run measures — the service's API and worker, the bare baselines — and removes
// everything it started (processes, database, Redis keys) at the end, also on Ctrl-C.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis-keys.mjs';
import { freePort, startProcess, stopProcess, waitHttp, waitOutput } from './util.mjs';

/** The rate limits both sides enforce: budgets no run reaches, so the check is paid but never refuses. */
export function rateLimitEnv(options) {
  const budget = options.noRateLimit ? '0' : '10000000';
  return { RATE_LIMIT_PER_IP: budget, RATE_LIMIT_PER_USER: budget, RATE_LIMIT_WINDOW_MS: '60000' };
}

export function createStack({ bench, dist, run, options, log }) {
  const logDir = join(dist, 'logs');
  mkdirSync(logDir, { recursive: true });
  const procs = [];
  const stack = { procs, admin: null, receiver: null, logDir, profDir: join(dist, 'prof', run.id), heapDir: join(dist, 'heap', run.id) };
  const traceArgs = options.trace ? ['--require', join(bench, 'lib/trace-queries.cjs')] : [];
  const traceEnv = (name) => (options.trace ? { BENCH_TRACE_QUERIES: join(logDir, `${run.id}-${name}-queries.json`) } : {});
  const start = (name, args, env) => {
    const proc = startProcess(name, [...traceArgs, ...args], { ...env, ...traceEnv(name) }, join(logDir, `${run.id}-${name}.log`));
    procs.push(proc);
    return proc;
  };

  stack.startService = async () => {
    const [apiPort, workerPort, heapProbePort] = await Promise.all([freePort(), freePort(), freePort()]);
    stack.apiUrl = `http://127.0.0.1:${apiPort}`;
    stack.heapProbeUrl = `http://127.0.0.1:${heapProbePort}/heap`;
    const env = {
      NODE_ENV: 'development',
      PORT: String(apiPort),
      WORKER_HTTP_PORT: String(workerPort),
      DB_NAME: run.dbName,
      QUEUE_PREFIX: run.queuePrefix,
      OPERATOR_TOKEN: run.operatorToken,
      JWT_SECRET: run.jwtSecret,
      SECRETS_KEY: run.secretsKey,
      ALLOW_HTTP_WEBHOOKS: 'true',
      LOG_LEVEL: 'warn',
      ...rateLimitEnv(options),
    };
    const profArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${stack.profDir}`] : [];
    stack.api = start('api', [...profArgs, join(dist, 'apps/api/src/main.js')], env);
    await waitHttp(`${stack.apiUrl}/health/ready`, stack.api); // the API creates the database and migrates
    // The worker gets the heap probe (bench/lib/heap-probe.cjs): the memory phase reads its heap before and after a forced GC.
    const heapArgs = ['--expose-gc', '--require', join(bench, 'lib/heap-probe.cjs')];
    if (options.heapSnapshots) mkdirSync(stack.heapDir, { recursive: true });
    const heapEnv = { BENCH_HEAP_PROBE_PORT: String(heapProbePort), ...(options.heapSnapshots && { BENCH_HEAP_SNAPSHOT_DIR: stack.heapDir }) };
    stack.worker = start('worker', [...profArgs, ...heapArgs, join(dist, 'apps/worker/src/main.js')], { ...env, ...heapEnv });
    await waitHttp(`http://127.0.0.1:${workerPort}/health/ready`, stack.worker);
  };

  stack.startBaselines = async () => {
    const barePort = await freePort();
    stack.bareUrl = `http://127.0.0.1:${barePort}`;
    stack.admin = mysql.createPool({ host: '127.0.0.1', user: 'root', database: run.dbName, connectionLimit: 4, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
    await stack.admin.query('CREATE TABLE bare_outbox LIKE outbox');
    const env = {
      DB_NAME: run.dbName,
      JWT_SECRET: run.jwtSecret,
      SECRETS_KEY: run.secretsKey,
      BARE_QUEUE_PREFIX: run.barePrefix,
      PORT: String(barePort),
      ...rateLimitEnv(options),
    };
    stack.bareApi = start('bare-api', [join(bench, 'baselines/bare-api.mjs')], env);
    stack.bareWorker = start('bare-worker', [join(bench, 'baselines/bare-worker.mjs')], env);
    await Promise.all([waitOutput(stack.bareApi, 'BARE_API_READY'), waitOutput(stack.bareWorker, 'BARE_WORKER_READY')]);
  };

  let cleaned = false;
  stack.cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const p of procs) await stopProcess(p).catch(() => undefined);
    await stack.receiver?.stop().catch(() => undefined);
    await stack.admin?.end().catch(() => undefined);
    try {
      const c = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
      await c.query(`DROP DATABASE IF EXISTS \`${run.dbName}\``);
      await c.end();
    } catch (e) {
      log('could not drop database', run.dbName, e.message);
    }
    const redis = new Redis({ maxRetriesPerRequest: 2 });
    try {
      for (const prefix of [run.queuePrefix, run.barePrefix]) await deleteKeysWithPrefix(redis, prefix);
    } catch (e) {
      log('could not clear Redis prefixes', e.message);
    }
    redis.disconnect();
  };
  return stack;
}
