// Starting the service for the demo (from the build, against a fresh demo database and queue
// prefix), and stopping everything the demo started.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/ports.mjs';
import { deleteKeysWithPrefix } from '../lib/redis-keys.mjs';
import { waitFor } from '../lib/wait.mjs';
import { answers } from './http.mjs';
import { dim, note, red, say } from './print.mjs';
import { BASE, DEMO_DB, DEMO_QUEUE_PREFIX, DEMO_TIMINGS, DIST, PORT, ROOT } from './settings.mjs';

const children = [];
const closers = [];
let stopping = false;

/** Something to close when the demo stops (a server it runs). */
export function closeOnStop(closable) {
  if (closable) closers.push(closable);
}

export async function stopEverything(code) {
  if (stopping) return;
  stopping = true;
  console.log(dim('\nStopping what the demo started…'));
  for (const closable of closers) closable.close();
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  const exited = children.map(({ child }) => (child.exitCode !== null ? null : new Promise((done) => child.once('exit', done))));
  const timer = setTimeout(() => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 12_000);
  await Promise.all(exited);
  clearTimeout(timer);
  process.exit(code);
}

export function fail(message) {
  console.error(`\n${red('✘')} ${message}`);
  return stopEverything(1);
}

function newestSource() {
  let newest = 0;
  for (const dir of ['apps', 'libs']) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true })) {
      const file = String(entry);
      if (!file.endsWith('.ts') || /\.(spec|int-spec|e2e-spec)\.ts$/.test(file)) continue;
      newest = Math.max(newest, statSync(join(ROOT, dir, file)).mtimeMs);
    }
  }
  return newest;
}

function ensureBuild() {
  const entries = [join(DIST, 'apps/api/src/main.js'), join(DIST, 'apps/worker/src/main.js'), join(ROOT, 'clients/typescript/dist/index.js')];
  const missing = entries.some((entry) => !existsSync(entry));
  const stale = !missing && Math.min(...entries.map((entry) => statSync(entry).mtimeMs)) < newestSource();
  if (!missing && !stale) return;
  if (process.env.PBS_DIST) {
    if (missing) throw new Error(`No build in ${DIST} (PBS_DIST): build it first.`);
    note(`The build in ${DIST} is older than the sources; using it as it is (PBS_DIST is set).`);
    return;
  }
  say(missing ? 'No build yet: running `npm run build` (a minute or so)…' : 'Sources changed since the last build: running `npm run build`…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('`npm run build` failed (see above).');
}

/** A fresh demo database and queue prefix each time, so the story starts from nothing. */
async function resetDemoState() {
  if (!/demo/i.test(DEMO_DB)) throw new Error(`DEMO_DB_NAME must contain "demo" (the demo drops it at start), got "${DEMO_DB}".`);
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({
    host: process.env.DB_HOST || '127.0.0.1',
    port: Number(process.env.DB_PORT || 3306),
    user: process.env.DB_USER || 'root',
    password: process.env.DB_PASSWORD || '',
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${DEMO_DB}\``);
  } finally {
    await connection.end();
  }
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await deleteKeysWithPrefix(redis, DEMO_QUEUE_PREFIX);
  } finally {
    redis.disconnect();
  }
}

function spawnRole(role, env, log, logFile) {
  const child = spawn(process.execPath, [join(DIST, `apps/${role}/src/main.js`)], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  children.push({ role, child });
  child.on('exit', (code, signal) => {
    if (!stopping) fail(`The ${role} exited (${signal ?? code}); its log is in ${logFile}`);
  });
}

/** Builds if needed, resets the demo state, starts the API and the worker and waits until both are ready. */
export async function startService(smtpUrl) {
  ensureBuild();
  await resetDemoState();
  const workerPort = await freePort();
  const logFile = join(tmpdir(), `partner-binding-demo-${process.pid}.log`);
  const log = openSync(logFile, 'a');
  const env = {
    ...process.env,
    PORT: String(PORT),
    WORKER_HTTP_PORT: String(workerPort),
    DB_NAME: DEMO_DB,
    QUEUE_PREFIX: DEMO_QUEUE_PREFIX,
    ALLOW_HTTP_WEBHOOKS: 'true',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || BASE,
    ...DEMO_TIMINGS,
    ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
  };
  // The API migrates the database first; the worker waits on the same lock.
  for (const role of ['api', 'worker']) spawnRole(role, env, log, logFile);
  closeSync(log);
  const ready = (url, what) => waitFor(() => answers(url), { what, timeoutMs: 60_000, intervalMs: 100 });
  await ready(`${BASE}/health/ready`, 'the API to be ready');
  await ready(`http://127.0.0.1:${workerPort}/health/ready`, 'the worker to be ready');
  return { logFile, workerPort };
}
