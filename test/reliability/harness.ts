import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { createConnection, type Connection } from 'mysql2/promise';
import { loadConfig, type AppConfig } from '@app/config';
import { dropDatabase, prepareDatabase } from '@app/database';
import { ALL_QUEUES, closeRedis, createQueueRedis, queueKeyPrefix, type RedisClient } from '@app/queue';
// Straight from the files, not @app/testing's index: that one loads the in-process app (not needed here).
import { ApiClient } from '../support/api-client.js';
import { deleteQueueKeys } from '../support/integration-support.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { freePort } from '../../scripts/lib/ports.mjs';
import { uniqueName, uniqueTag as unique } from '../../scripts/lib/unique.mjs';
import { sleep, waitFor } from '../../scripts/lib/wait.mjs';

export { ApiClient, TcpProxy, WebhookReceiver, freePort, sleep, uniqueName, waitFor };

/**
 * The reliability harness: the service as separate OS processes (built into
 * test/reliability/.dist by `npm run test:reliability`), reaching MariaDB and Redis
 * through TCP proxies this test controls, with a local webhook receiver.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
export const DIST = join(HERE, '.dist');
export const LOG_DIR = join(HERE, '.logs');

export const OPERATOR_TOKEN = `rel-operator-${randomBytes(24).toString('base64url')}`;
export const JWT_SECRET = `rel-jwt-secret-${randomBytes(24).toString('base64url')}`;
export const SECRETS_KEY = randomBytes(32).toString('base64');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the signal we sent to the exit. */
  ms: number;
}

/** One API or worker process; its stdout and stderr are kept (for the secrets grep) and written to .logs/. */
export class ServiceProcess {
  output = '';
  exit: Exit | null = null;
  private signalledAt = 0;
  private readonly exited: Promise<Exit>;
  private readonly log: WriteStream;

  private constructor(
    readonly name: string,
    readonly role: 'api' | 'worker',
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    mkdirSync(LOG_DIR, { recursive: true });
    this.log = createWriteStream(join(LOG_DIR, `${name}.log`));
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      this.log.write(chunk);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exit = { code, signal, ms: this.signalledAt ? Date.now() - this.signalledAt : 0 };
        this.log.end();
        resolve(this.exit);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(name: string, role: 'api' | 'worker', env: Record<string, string>): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(DIST, 'apps', role, 'src', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', ...env, [role === 'api' ? 'PORT' : 'WORKER_HTTP_PORT']: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new ServiceProcess(name, role, port, child);
    await waitFor(
      async () => {
        if (proc.exit) throw new Error(`${name} exited at start (${JSON.stringify(proc.exit)}):\n${proc.output.slice(-3000)}`);
        try {
          return (await fetch(`${proc.url}/health/live`)).status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `${name} to listen` },
    );
    return proc;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exit) return;
    this.signalledAt = Date.now();
    this.child.kill(signal);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.signal(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  waitForExit(): Promise<Exit> {
    return this.exited;
  }
}

/**
 * One test file's world: a fresh database and queue prefix, MySQL and Redis behind
 * proxies, a webhook receiver, and the processes started against them. `close()`
 * stops every process it started and removes the database and the Redis keys.
 */
export class Environment {
  readonly processes: ServiceProcess[] = [];
  private mysql: Connection | null = null;
  private queueRedis: RedisClient | null = null;
  private readonly queues = new Map<string, Queue>();

  private constructor(
    /** The config as the test sees it (direct to MariaDB and Redis, not through the proxies). */
    readonly config: AppConfig,
    readonly dbProxy: TcpProxy,
    private readonly redisProxyIfOneNode: TcpProxy | null,
    readonly receiver: WebhookReceiver,
    readonly env: Record<string, string>,
  ) {}

  /** The proxy in front of Redis (one node only: a Cluster's or Sentinel's clients are told node addresses by Redis itself). */
  get redisProxy(): TcpProxy {
    if (!this.redisProxyIfOneNode) throw new Error('no Redis proxy: this environment uses a Redis Cluster or Sentinel');
    return this.redisProxyIfOneNode;
  }

  /**
   * `env` may choose a Redis topology (REDIS_CLUSTER_NODES, or REDIS_SENTINELS with
   * REDIS_SENTINEL_MASTER, e.g. from LocalRedis); the processes then reach it directly.
   */
  static async create(env: Record<string, string> = {}): Promise<Environment> {
    const base = {
      NODE_ENV: 'test',
      DB_NAME: uniqueName('pbs_rel'),
      QUEUE_PREFIX: uniqueName('pbs-rel'),
      OPERATOR_TOKEN,
      JWT_SECRET,
      SECRETS_KEY,
      ALLOW_HTTP_WEBHOOKS: 'true',
      WEBHOOK_BACKOFF_MS: '200',
      WEBHOOK_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'debug',
      ...env,
    };
    const config = loadConfig(base);
    await prepareDatabase(config, { create: true });
    const dbProxy = await TcpProxy.start(config.db.port, config.db.host);
    const { topology } = config.redis;
    const redisProxy = topology.kind === 'single' ? await TcpProxy.start(Number(new URL(topology.url).port || 6379), new URL(topology.url).hostname) : null;
    const receiver = await WebhookReceiver.start();
    const processEnv = {
      ...base,
      DB_HOST: '127.0.0.1',
      DB_PORT: String(dbProxy.port),
      ...(redisProxy ? { REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` } : {}),
    };
    return new Environment(config, dbProxy, redisProxy, receiver, processEnv);
  }

  async start(role: 'api' | 'worker', name: string = role, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const proc = await ServiceProcess.start(`${this.config.db.name}-${name}`, role, { ...this.env, ...env });
    this.processes.push(proc);
    return proc;
  }

  client(api: ServiceProcess): ApiClient {
    return new ApiClient(api.url, OPERATOR_TOKEN);
  }

  /** A query straight to MariaDB (not through the proxy), for checks. */
  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.mysql ??= await createConnection({
      host: this.config.db.host,
      port: this.config.db.port,
      user: this.config.db.user,
      password: this.config.db.password,
      database: this.config.db.name,
      timezone: 'Z',
    });
    const [rows] = await this.mysql.query(sql, params);
    return rows as T[];
  }

  /** A fingerprint of every table, to prove a refused call changed nothing. */
  async fingerprint(): Promise<string> {
    const tables = (
      await this.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_name <> 'migrations' ORDER BY table_name",
        [this.config.db.name],
      )
    ).map((t) => t.name);
    const sums = await this.query<{ Table: string; Checksum: number }>(`CHECKSUM TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`);
    return sums.map((s) => `${s.Table.split('.').pop()}=${s.Checksum}`).join(' ');
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.queueRedis ??= createQueueRedis(this.config);
      queue = new Queue(name, { connection: this.queueRedis, prefix: queueKeyPrefix(this.config) });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async queueCounts(): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const name of ALL_QUEUES) counts[name] = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    return counts;
  }

  async outboxBacklog(): Promise<number> {
    const [row] = await this.query<{ n: number }>('SELECT COUNT(*) AS n FROM outbox');
    return Number(row!.n);
  }

  /** Outbox empty and no job waiting or running (delayed ones may remain). */
  async settled(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        if ((await this.outboxBacklog()) > 0) return false;
        const counts = await this.queueCounts();
        return Object.values(counts).every((c) => (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0);
      },
      { timeoutMs, intervalMs: 200, what: 'outbox and queues to settle' },
    );
  }

  /** Everything the processes printed, for the secrets check. */
  logs(): string {
    return this.processes.map((p) => p.output).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGKILL', 5000).catch(() => undefined)));
    for (const queue of this.queues.values()) await queue.close().catch(() => undefined);
    await closeRedis(this.queueRedis);
    await this.mysql?.end().catch(() => undefined);
    await this.receiver.stop();
    await this.dbProxy.stop();
    await this.redisProxyIfOneNode?.stop();
    await dropDatabase(this.config).catch(() => undefined);
    await deleteQueueKeys(this.config).catch(() => undefined);
  }
}

/** Event ids the receiver got with a 2xx answer, with how often each arrived. */
export function deliveredCounts(receiver: WebhookReceiver, path?: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of receiver.received) {
    if ((path && r.path !== path) || r.answeredStatus < 200 || r.answeredStatus >= 300) continue;
    const id = String(r.headers['x-event-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Figures each file records for RELIABILITY.md (written to .logs/figures-<file>.json). */
export function recordFigures(file: string, figures: Record<string, unknown>): void {
  mkdirSync(LOG_DIR, { recursive: true });
  const path = join(LOG_DIR, `figures-${file}.json`);
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    existing = {};
  }
  writeFileSync(path, JSON.stringify({ ...existing, ...figures }, null, 2));
}

/** Asserts none of `secrets` occurs in `text`; returns the ones found (for a readable failure). */
export function leakedSecrets(text: string, secrets: Iterable<string>): string[] {
  return [...new Set(secrets)].filter((secret) => secret.length >= 8 && text.includes(secret));
}

export interface RelSeller {
  accountId: string;
  adminId: string;
  adminToken: string;
}

export interface RelPartner {
  id: string;
  path: string;
  webhookSecret: string;
  userId: string;
  userToken: string;
}

function ok<T>(response: { status: number; body: T }, status: number, what: string): T {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/** Accounts with one admin each, and partners with one user each, each partner on its own receiver path. */
export async function provision(
  client: ApiClient,
  receiver: WebhookReceiver,
  sellers: number,
  partners: number,
): Promise<{ sellers: RelSeller[]; partners: RelPartner[] }> {
  const token = async (userId: string) =>
    ok(await client.operator('POST', '/v1/operator/tokens', { userId, ttlSeconds: 7200 }), 201, 'mint token').accessToken as string;
  const madeSellers = await inBatches(Array.from({ length: sellers }), 8, async () => {
    const account = ok(await client.operator('POST', '/v1/operator/accounts', { name: `Seller ${unique()}` }), 201, 'account') as { id: string };
    const admin = ok(
      await client.operator('POST', `/v1/operator/accounts/${account.id}/users`, { email: `admin-${unique()}@seller.test`, name: 'Admin', role: 'admin' }),
      201,
      'admin',
    ) as { id: string };
    return { accountId: account.id, adminId: admin.id, adminToken: await token(admin.id) };
  });
  const madePartners = await inBatches(Array.from({ length: partners }), 8, async () => {
    const path = `/p-${unique()}`;
    const partner = ok(
      await client.operator('POST', '/v1/operator/partners', {
        name: `Partner ${unique()}`,
        certified: true,
        contacts: { email: `p-${unique()}@partner.test` },
        webhookUrl: receiver.url(path),
      }),
      201,
      'partner',
    ) as { id: string; webhookSecret: string };
    const user = ok(
      await client.operator('POST', `/v1/operator/partners/${partner.id}/users`, { email: `staff-${unique()}@partner.test`, name: 'Staff' }),
      201,
      'partner user',
    ) as { id: string };
    return { id: partner.id, path, webhookSecret: partner.webhookSecret, userId: user.id, userToken: await token(user.id) };
  });
  return { sellers: madeSellers, partners: madePartners };
}
