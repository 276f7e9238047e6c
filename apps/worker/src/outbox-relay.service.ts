import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { OutboxStore, type ClaimedOutboxRow } from '@app/database';
import { NOTICE_EVENT, enabledChannels, noticeJobs, type BindingNotice, type NoticeChannel } from '@app/notifications';
import { ALL_QUEUES, OutboxSignal, QueueReplication, jobOptionsFor, type QueueName } from '@app/queue';

const BATCH_SIZE = 500;
/** A relay that dies holding a batch gives it up after this long; another relay then republishes it (same jobIds). */
const LEASE_MS = 30_000;
/** Polling is only the fallback: commits wake the relay through OutboxSignal. */
const IDLE_POLL_MS = 500;
const ERROR_PAUSE_MS = 1000;

/** One BullMQ job to add, from an outbox row. */
interface PendingJob {
  queueName: string;
  name: string;
  data: unknown;
  jobId: string;
  delay?: number;
}

/**
 * Moves committed outbox rows to BullMQ: lease a batch, add it (one round trip per queue),
 * wait until Redis's replicas have the jobs, delete it. A row is one job with jobId = row id,
 * except a notice event, which becomes one job per channel that hears it (jobId
 * `<eventId>.<channel>`, libs/notifications decides the channels). Either way a republished row
 * adds the same jobIds again. Never holds a transaction open while it talks to Redis. If Redis
 * is down the rows simply wait in MySQL.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues = new Map<string, Queue>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private wakeRequested = false;
  private readonly channels: ReadonlySet<NoticeChannel>;

  constructor(
    @Inject(OutboxStore) private readonly store: OutboxStore,
    @Inject(OutboxSignal) private readonly signal: OutboxSignal,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(QueueReplication) private readonly replication: QueueReplication,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channels = enabledChannels(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const name of ALL_QUEUES) this.queues.set(name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    await this.signal.subscribe(() => this.nudge());
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Publishes everything that is waiting now; returns how many rows went out. Used by tests too. */
  async drainOnce(): Promise<number> {
    let published = 0;
    for (;;) {
      const batch = await this.store.claimBatch(BATCH_SIZE, LEASE_MS);
      if (batch.length === 0) return published;
      await this.publish(batch);
      published += batch.length;
      if (batch.length < BATCH_SIZE) return published;
    }
  }

  private nudge(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.wakeRequested = false;
        await this.drainOnce();
        await this.idle(IDLE_POLL_MS);
      } catch (error) {
        this.logger.warn(`Outbox relay paused: ${error instanceof Error ? error.message : String(error)}`);
        await this.idle(ERROR_PAUSE_MS);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.wakeRequested || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async publish(claimed: ClaimedOutboxRow[]): Promise<void> {
    const { jobs, published, unroutable } = this.jobsOf(claimed);
    const byQueue = new Map<string, PendingJob[]>();
    for (const job of jobs) {
      const queued = byQueue.get(job.queueName);
      if (queued) queued.push(job);
      else byQueue.set(job.queueName, [job]);
    }
    const target = this.replication.target();
    try {
      await Promise.all(
        [...byQueue].map(([queueName, queued]) => {
          const queue = this.queues.get(queueName as QueueName);
          if (!queue) throw new Error(`Outbox row for unknown queue ${queueName}`);
          return queue.addBulk(
            queued.map((job) => ({
              name: job.name,
              data: job.data,
              opts: { ...jobOptionsFor(job.name), jobId: job.jobId, ...(job.delay === undefined ? {} : { delay: job.delay }) },
            })),
          );
        }),
      );
      // A failover must not lose a job whose row is gone: delete only what the replicas hold.
      await this.replication.confirm(target, () => this.running);
    } catch (error) {
      await this.store.release(claimed.map((row) => row.id)).catch(() => undefined);
      throw error;
    }
    await this.store.remove(published);
    // Left leased, not released: it is tried again when the lease runs out, by a relay that may know it.
    if (unroutable.length > 0) this.logger.warn(`Outbox rows this version cannot route (left for ${LEASE_MS} ms): ${unroutable.join(', ')}`);
  }

  /** The jobs a batch of rows becomes; a row this version cannot route (a newer event type) is set aside. */
  private jobsOf(rows: ClaimedOutboxRow[]): { jobs: PendingJob[]; published: string[]; unroutable: string[] } {
    const jobs: PendingJob[] = [];
    const published: string[] = [];
    const unroutable: string[] = [];
    for (const row of rows) {
      // The request id rides along in the job data (processors restore it; payload types ignore it).
      const withRequestId = (payload: unknown) => (row.requestId ? { ...(payload as object), requestId: row.requestId } : payload);
      if (row.jobName === NOTICE_EVENT.jobName) {
        let expanded;
        try {
          expanded = noticeJobs(row.payload as BindingNotice, this.channels);
        } catch {
          unroutable.push(row.id);
          continue;
        }
        for (const job of expanded) jobs.push({ queueName: job.queueName, name: job.jobName, data: withRequestId(job.payload), jobId: job.jobId });
      } else {
        // The delay counts from the commit, not from publication.
        const delay = row.delayMs > 0 ? Math.max(0, row.createdAt.getTime() + row.delayMs - Date.now()) : undefined;
        jobs.push({ queueName: row.queueName, name: row.jobName, data: withRequestId(row.payload), jobId: row.id, delay });
      }
      published.push(row.id);
    }
    return { jobs, published, unroutable };
  }
}
