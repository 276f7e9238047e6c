import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { loadConfig, type AppConfig } from '@app/config';
import { OutboxStore, dropDatabase, prepareDatabase } from '@app/database';
import { ALL_QUEUES } from '@app/queue';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { createWorkerApp } from '../../apps/worker/src/bootstrap.js';
import { ApiClient } from './api-client.js';
import { deleteQueueKeys } from './integration-support.js';
import { uniqueName } from '../../scripts/lib/unique.mjs';
import { waitFor } from '../../scripts/lib/wait.mjs';

export interface StackOptions {
  /** Extra environment variables (docs/API.md#configuration), e.g. { BINDING_REQUEST_TTL_SECONDS: '2' }. */
  env?: Record<string, string>;
  /** Start the worker (relay + processors) in this process too. Default true. */
  worker?: boolean;
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DB_NAME: uniqueName('pbs_test'),
    QUEUE_PREFIX: uniqueName('pbs-test'),
    OPERATOR_TOKEN: 'test-operator-token',
    JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
    ALLOW_HTTP_WEBHOOKS: 'true',
    WEBHOOK_BACKOFF_MS: '100',
    WEBHOOK_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'warn',
    // Several apps share one MariaDB (max_connections 151 by default): keep each pool small.
    DB_POOL_SIZE: '8',
    ...env,
  });
}

/**
 * The real service in this process: API on a random loopback port and (by default)
 * the worker, against a fresh database and a fresh queue prefix on the local
 * MariaDB and Redis. `stop()` closes both and removes the database and the keys.
 */
export class TestStack {
  readonly client: ApiClient;

  private constructor(
    readonly config: AppConfig,
    readonly api: NestFastifyApplication,
    readonly worker: INestApplication | null,
    readonly baseUrl: string,
  ) {
    this.client = new ApiClient(baseUrl, config.operatorToken);
  }

  static async start(options: StackOptions = {}): Promise<TestStack> {
    const config = testConfig(options.env);
    await prepareDatabase(config, { create: true });
    const api = await createApiApp(config, { logger: false });
    await api.listen({ port: 0, host: '127.0.0.1' });
    const address = api.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    let worker: INestApplication | null = null;
    if (options.worker !== false) {
      worker = await createWorkerApp(config, { logger: false });
      await worker.init();
    }
    return new TestStack(config, api, worker, `http://127.0.0.1:${port}`);
  }

  /** A second API process's worth: another API app on the same database and queue prefix (stop it yourself). */
  async startApiReplica(): Promise<{ app: NestFastifyApplication; client: ApiClient }> {
    const app = await createApiApp(this.config, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { app, client: new ApiClient(`http://127.0.0.1:${port}`, this.config.operatorToken) };
  }

  /** A worker started later (or again, after stopWorker) against the same database and queues. */
  async startWorker(): Promise<void> {
    if (this.worker) return;
    const worker = await createWorkerApp(this.config, { logger: false });
    await worker.init();
    (this as { worker: INestApplication | null }).worker = worker;
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    (this as { worker: INestApplication | null }).worker = null;
  }

  /** Rows still waiting in the outbox. */
  async outboxBacklog(): Promise<number> {
    return (await this.api.get(OutboxStore).backlog()).count;
  }

  /** Job counts per queue, e.g. to wait until notices have gone out. */
  async queueCounts(): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const name of ALL_QUEUES) {
      const queue = this.api.get<Queue>(getQueueToken(name), { strict: false });
      counts[name] = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    }
    return counts;
  }

  /** Resolves once nothing is waiting to run now: outbox empty, no waiting or active jobs (delayed ones may remain). */
  async settled(timeoutMs = 15_000): Promise<void> {
    await waitFor(
      async () => {
        if ((await this.outboxBacklog()) > 0) return false;
        const counts = await this.queueCounts();
        return Object.values(counts).every((c) => (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0);
      },
      { timeoutMs, what: 'outbox and queues to settle' },
    );
  }

  async stop(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    await this.api.close().catch(() => undefined);
    await dropDatabase(this.config).catch(() => undefined);
    await deleteQueueKeys(this.config);
  }
}
