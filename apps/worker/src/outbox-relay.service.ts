import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { OutboxStore, type ClaimedOutboxRow } from '@app/database';
import { ALL_QUEUES, OutboxSignal, QueueReplication, jobOptionsFor, type QueueName } from '@app/queue';

const BATCH_SIZE = 500;
/** A relay that dies holding a batch gives it up after this long; another relay then republishes it (same jobIds). */
const LEASE_MS = 30_000;
/** Polling is only the fallback: commits wake the relay through OutboxSignal. */
const IDLE_POLL_MS = 500;
const ERROR_PAUSE_MS = 1000;

/**
 * Moves committed outbox rows to BullMQ: lease a batch, add it with jobId = row id
 * (one round trip per queue), wait until Redis's replicas have the jobs, delete it. Never
 * holds a transaction open while it talks to Redis. If Redis is down the rows simply wait in MySQL.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues = new Map<string, Queue>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private wakeRequested = false;

  constructor(
    @Inject(OutboxStore) private readonly store: OutboxStore,
    @Inject(OutboxSignal) private readonly signal: OutboxSignal,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(QueueReplication) private readonly replication: QueueReplication,
  ) {}

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

  private async publish(batch: ClaimedOutboxRow[]): Promise<void> {
    const byQueue = new Map<string, ClaimedOutboxRow[]>();
    for (const row of batch) byQueue.set(row.queueName, [...(byQueue.get(row.queueName) ?? []), row]);
    const target = this.replication.target();
    try {
      await Promise.all(
        [...byQueue].map(([queueName, rows]) => {
          const queue = this.queues.get(queueName as QueueName);
          if (!queue) throw new Error(`Outbox row for unknown queue ${queueName}`);
          return queue.addBulk(
            rows.map((row) => ({
              name: row.jobName,
              // The request id rides along in the job data (processors restore it; payload types ignore it).
              data: row.requestId ? { ...(row.payload as object), requestId: row.requestId } : row.payload,
              // The delay counts from the commit, not from publication.
              opts: { ...jobOptionsFor(row.jobName), jobId: row.id, ...(row.delayMs > 0 ? { delay: Math.max(0, row.createdAt.getTime() + row.delayMs - Date.now()) } : {}) },
            })),
          );
        }),
      );
      // A failover must not lose a job whose row is gone: delete only what the replicas hold.
      await this.replication.confirm(target, () => this.running);
    } catch (error) {
      await this.store.release(batch.map((row) => row.id)).catch(() => undefined);
      throw error;
    }
    await this.store.remove(batch.map((row) => row.id));
  }
}
