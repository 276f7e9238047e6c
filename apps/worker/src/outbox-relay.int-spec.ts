import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { newId } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, OutboxStore, UnitOfWork, dropDatabase, prepareDatabase, type OutboxMessage } from '@app/database';
import { ALL_QUEUES, JobName, OutboxSignal, QueueModule, QueueName, QueueReplication, jobOptionsFor, outboxJob } from '@app/queue';
import { deleteQueueKeys, sleep, testConfig, uniqueName, waitFor } from '@app/testing';
import { OutboxRelay } from './outbox-relay.service.js';

/**
 * The transactional outbox end to end against the real MariaDB and Redis: what a
 * UnitOfWork commits reaches BullMQ once (jobId = outbox row id), what it rolls back
 * never does. No processors run here, so published jobs stay where the relay put them.
 * Every test gets its own queue prefix; the database is shared by the file.
 */

/** A relay whose store "crashes" between publishing a batch and deleting it. */
class CrashBeforeDeleteStore extends OutboxStore {
  override async remove(): Promise<void> {
    throw new Error('simulated crash after publishing, before deleting');
  }
}

interface Context {
  config: AppConfig;
  moduleRef: TestingModule;
  unitOfWork: UnitOfWork;
  dataSource: DataSource;
  queue(name: QueueName): Queue;
  /** Starts the real relay (OutboxRelay's own loop, woken by commits). */
  startRelay(): Promise<void>;
}

describe('OutboxRelay (MariaDB + Redis)', () => {
  const dbName = uniqueName('pbs_relay');
  const contexts: Context[] = [];

  beforeAll(async () => {
    await prepareDatabase(testConfig({ DB_NAME: dbName }), { create: true });
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) {
      await context.moduleRef.close();
      await deleteQueueKeys(context.config);
    }
  });

  afterAll(async () => {
    await dropDatabase(testConfig({ DB_NAME: dbName }));
  });

  /** A producer-side Nest context (database, queues, relay) on the shared database and a fresh queue prefix. */
  async function open(): Promise<Context> {
    const config = testConfig({ DB_NAME: dbName });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), QueueModule.forRoot()],
      providers: [OutboxRelay],
    }).compile();
    const context: Context = {
      config,
      moduleRef,
      unitOfWork: moduleRef.get(UnitOfWork),
      dataSource: moduleRef.get(DataSource),
      queue: (name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
      startRelay: async () => {
        await moduleRef.init();
      },
    };
    contexts.push(context);
    return context;
  }

  /** Commits `messages` through the UnitOfWork; returns the outbox ids it wrote (read inside the transaction) and the commit time. */
  async function commit(
    context: Context,
    messages: OutboxMessage[],
    alsoInTransaction?: (tx: EntityManager, ids: string[]) => Promise<void>,
  ): Promise<{ ids: string[]; committedAt: number }> {
    const ids = await context.unitOfWork.run(async (tx, outbox) => {
      const before: Array<{ id: string }> = await tx.query('SELECT id FROM outbox');
      await outbox(messages);
      const after: Array<{ id: string }> = await tx.query('SELECT id FROM outbox');
      const known = new Set(before.map((r) => r.id));
      const written = after.map((r) => r.id).filter((id) => !known.has(id));
      await alsoInTransaction?.(tx, written);
      return written;
    });
    return { ids, committedAt: Date.now() };
  }

  async function outboxRows(context: Context, ids: string[]): Promise<Array<{ id: string; claimed_until: Date | null }>> {
    if (ids.length === 0) return [];
    return context.dataSource.query(`SELECT id, claimed_until FROM outbox WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  }

  async function allJobs(context: Context): Promise<Array<{ queue: string; id: string; name: string; data: unknown }>> {
    const jobs = [];
    for (const name of ALL_QUEUES) {
      for (const job of await context.queue(name).getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'waiting-children'])) {
        if (job) jobs.push({ queue: name, id: job.id!, name: job.name, data: job.data });
      }
    }
    return jobs;
  }

  it('publishes committed rows with jobId = outbox id and the job options of their name, then deletes them', async () => {
    const context = await open();
    await context.startRelay();
    const messages = [
      outboxJob(JobName.ExpireBinding, { bindingId: newId() }),
      outboxJob(JobName.RedeliverWebhook, { deliveryId: newId() }),
      outboxJob(JobName.RedeliverWebhook, { deliveryId: newId() }),
    ];
    const { ids } = await commit(context, messages);
    expect(ids).toHaveLength(3);

    await waitFor(async () => (await outboxRows(context, ids)).length === 0, { what: 'the relay to delete the published rows' });
    for (const [index, id] of ids.entries()) {
      const message = messages[index]!;
      const job = await context.queue(message.queueName as QueueName).getJob(id);
      expect(job).toBeDefined();
      expect(job!.name).toBe(message.jobName);
      expect(job!.data).toEqual(message.payload);
      expect(job!.opts.attempts).toBe(jobOptionsFor(message.jobName).attempts);
    }
    expect((await allJobs(context)).map((j) => j.id).sort()).toEqual([...ids].sort());
  });

  it('a relay that dies after publishing but before deleting: the rows are republished after its lease, without duplicate jobs', async () => {
    const context = await open();
    const dataSource = context.dataSource;

    // Relay A publishes through the real code, then "crashes" before it can delete the rows.
    const silentSignal = { subscribe: async () => undefined } as unknown as OutboxSignal;
    const relayA = new OutboxRelay(
      new CrashBeforeDeleteStore(dataSource),
      silentSignal,
      context.moduleRef as never,
      context.moduleRef.get(QueueReplication),
      context.config,
    );
    await relayA.onApplicationBootstrap();
    const messages = [
      outboxJob(JobName.ExpireBinding, { bindingId: newId() }),
      outboxJob(JobName.ExpireBinding, { bindingId: newId() }),
      outboxJob(JobName.RedeliverWebhook, { deliveryId: newId() }),
    ];
    const { ids } = await commit(context, messages);
    await waitFor(async () => (await allJobs(context)).length === 3, { what: 'relay A to publish' });
    await relayA.onApplicationShutdown();

    // The rows are still there, leased to the dead relay.
    const leased = await outboxRows(context, ids);
    expect(leased).toHaveLength(3);
    for (const row of leased) expect(new Date(row.claimed_until!).getTime()).toBeGreaterThan(Date.now());

    // Relay B respects the lease while it runs...
    await context.startRelay();
    await sleep(1200);
    expect(await outboxRows(context, ids)).toHaveLength(3);

    // ...and takes the rows over once it has run out, publishing the same jobIds again.
    await dataSource.query(`UPDATE outbox SET claimed_until = ? WHERE id IN (${ids.map(() => '?').join(',')})`, [new Date(Date.now() - 1000), ...ids]);
    await waitFor(async () => (await outboxRows(context, ids)).length === 0, { what: 'relay B to republish and delete the rows' });

    const jobs = await allJobs(context);
    expect(jobs.map((j) => j.id).sort()).toEqual([...ids].sort());
    expect(jobs.map((j) => JSON.stringify(j.data)).sort()).toEqual(messages.map((m) => JSON.stringify(m.payload)).sort());
  });

  it('a rolled-back transaction leaves no outbox rows and no jobs', async () => {
    const context = await open();
    await context.startRelay();
    let written: string[] = [];
    const failed = await context.unitOfWork
      .run(async (tx, outbox) => {
        await outbox([outboxJob(JobName.ExpireBinding, { bindingId: newId() }), outboxJob(JobName.RedeliverWebhook, { deliveryId: newId() })]);
        written = (await tx.query('SELECT id FROM outbox')).map((r: { id: string }) => r.id);
        throw new Error('the state change failed after its jobs were written');
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(failed).toBeInstanceOf(Error);
    expect(written).toHaveLength(2);

    expect(await outboxRows(context, written)).toEqual([]);
    // Give the relay several polls to (wrongly) find something.
    await sleep(1500);
    expect(await allJobs(context)).toEqual([]);
    for (const id of written) expect(await context.queue(QueueName.BindingExpiry).getJob(id)).toBeUndefined();
  });

  it('publishes a delayed row with its delay counted from the commit, not from publication', async () => {
    const context = await open();
    const delayMs = 60_000;
    const { ids, committedAt } = await commit(context, [outboxJob(JobName.ExpireBinding, { bindingId: newId() }, delayMs)]);

    // The relay only gets to it 2 s later (it was down, or busy).
    await sleep(2000);
    await context.startRelay();
    await waitFor(async () => (await outboxRows(context, ids)).length === 0, { what: 'the relay to publish the delayed row' });

    const job = await context.queue(QueueName.BindingExpiry).getJob(ids[0]!);
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe('delayed');
    const dueAt = job!.timestamp + job!.delay;
    expect(Math.abs(dueAt - (committedAt + delayMs))).toBeLessThan(500);
  });

  it('publishes a delayed row that is already overdue at once', async () => {
    const context = await open();
    const { ids } = await commit(context, [outboxJob(JobName.ExpireBinding, { bindingId: newId() }, 1000)]);
    await sleep(1500);
    await context.startRelay();
    await waitFor(async () => (await outboxRows(context, ids)).length === 0, { what: 'the relay to publish the overdue row' });
    const job = await context.queue(QueueName.BindingExpiry).getJob(ids[0]!);
    expect(await job!.getState()).toBe('waiting');
  });
});
