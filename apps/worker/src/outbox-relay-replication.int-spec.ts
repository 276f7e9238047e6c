import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { newId } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, UnitOfWork, dropDatabase, prepareDatabase } from '@app/database';
import { JobName, QueueModule, QueueName, outboxJob, queueKeyPrefix } from '@app/queue';
import { LocalRedis, sleep, testConfig, uniqueName, waitFor } from '@app/testing';
import { OutboxRelay } from './outbox-relay.service.js';

const PORT = 7130; // master 7130, replica 7131, sentinels 7132-7134
const [MASTER, REPLICA] = [PORT, PORT + 1];

/**
 * The relay on a replicated Redis (a master, a replica and three sentinels from
 * scripts/redis-local.mjs): a job Redis acknowledged may still be missing on the replica, so
 * the relay deletes its outbox rows only once the replica has it. A frozen replica (SIGSTOP)
 * stands for one that lags; a killed master for a crash before the replica caught up.
 */
describe('OutboxRelay with a Redis replica (Sentinel)', () => {
  const dbName = uniqueName('pbs_relay_replica');
  let redis: LocalRedis;
  let config: AppConfig;
  let moduleRef: TestingModule | null = null;

  beforeAll(async () => {
    redis = await LocalRedis.start('sentinel', PORT);
    config = testConfig({ DB_NAME: dbName, ...redis.env, REDIS_REPLICA_WAIT_MS: '200' });
    await prepareDatabase(config, { create: true });
  });

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = null;
  });

  afterAll(async () => {
    await redis?.stop();
    await dropDatabase(config).catch(() => undefined);
  });

  async function startRelay(): Promise<void> {
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), QueueModule.forRoot()],
      providers: [OutboxRelay],
    }).compile();
    await moduleRef.init();
  }

  /** Commits three webhook redeliveries through the UnitOfWork; returns their outbox ids (= job ids). */
  async function commitJobs(): Promise<string[]> {
    return moduleRef!.get(UnitOfWork).run(async (tx, outbox) => {
      const before = new Set((await tx.query('SELECT id FROM outbox')).map((r: { id: string }) => r.id));
      await outbox(Array.from({ length: 3 }, () => outboxJob(JobName.RedeliverWebhook, { deliveryId: newId() })));
      return (await tx.query('SELECT id FROM outbox')).map((r: { id: string }) => r.id).filter((id: string) => !before.has(id));
    });
  }

  const rowsLeft = async (ids: string[]) =>
    (await moduleRef!.get(DataSource).query(`SELECT id FROM outbox WHERE id IN (${ids.map(() => '?').join(',')})`, ids)).length as number;

  /** How many of the jobs the node on `port` holds, asked directly (a replica answers reads). */
  async function jobsOn(port: number, ids: string[]): Promise<number> {
    const node = new Redis({ port, maxRetriesPerRequest: 1 });
    try {
      return await node.exists(...ids.map((id) => `${queueKeyPrefix(config)}:${QueueName.PartnerWebhooks}:${id}`));
    } finally {
      node.disconnect();
    }
  }

  /** With the replica frozen: starts the relay, commits three jobs, waits until the master has them, runs `meanwhile`; then thaws the replica. */
  async function publishWhileReplicaFrozen(meanwhile: (ids: string[]) => Promise<void>): Promise<string[]> {
    await startRelay();
    redis.freeze(REPLICA);
    try {
      const ids = await commitJobs();
      await waitFor(async () => (await jobsOn(MASTER, ids)) === 3, { what: 'the relay to publish the jobs to the master' });
      await meanwhile(ids);
      return ids;
    } finally {
      redis.thaw(REPLICA);
    }
  }

  it('keeps the outbox rows while the replica lags, and deletes them once the replica holds the jobs', async () => {
    const ids = await publishWhileReplicaFrozen(async (published) => {
      await sleep(1000);
      expect(await rowsLeft(published)).toBe(3);
    });
    await waitFor(async () => (await rowsLeft(ids)) === 0, { timeoutMs: 15_000, what: 'the relay to delete the rows once the replica caught up' });
    expect(await jobsOn(REPLICA, ids)).toBe(3);
  });

  it('a master that dies before the replica confirmed: the rows stay, and are published to the promoted replica', async () => {
    const ids = await publishWhileReplicaFrozen(async (published) => {
      redis.kill(MASTER);
      await sleep(500);
      expect(await rowsLeft(published)).toBe(3);
    });
    await waitFor(async () => (await redis.masterHolding('any')) === REPLICA, {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'the sentinels to promote the replica',
    });
    await waitFor(async () => (await rowsLeft(ids)) === 0, { timeoutMs: 30_000, what: 'the relay to publish to the new master and delete the rows' });
    expect(await jobsOn(REPLICA, ids)).toBe(3);
  });
});
