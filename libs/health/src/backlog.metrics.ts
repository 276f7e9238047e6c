import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Gauge, register } from 'prom-client';
import { OutboxStore } from '@app/database';
import { ALL_QUEUES } from '@app/queue';

type Source = { outbox: OutboxStore; queues: Queue[] };

// Gauges are read at scrape time from whichever app registered last in this process.
const sources: Source[] = [];
const current = () => sources.at(-1);

function gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge) => Promise<void>): void {
  if (register.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames,
    async collect() {
      await collect(this).catch(() => undefined); // a scrape during an outage shows stale values, not an error
    },
  });
}

gauge('pbs_outbox_backlog', 'Outbox rows committed but not yet published to BullMQ', [], async (g) => {
  const source = current();
  if (source) g.set((await source.outbox.backlog()).count);
});
gauge('pbs_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row', [], async (g) => {
  const source = current();
  if (source) g.set((await source.outbox.backlog()).oldestAgeMs / 1000);
});
gauge('pbs_queue_jobs', 'BullMQ jobs per queue and state', ['queue', 'state'], async (g) => {
  const source = current();
  if (!source) return;
  for (const queue of source.queues) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    for (const [state, count] of Object.entries(counts)) g.set({ queue: queue.name, state }, count);
  }
});

/** Registers this app's outbox and queues as the source of the backlog gauges. */
@Injectable()
export class BacklogMetrics implements OnModuleInit, OnModuleDestroy {
  private source: Source | null = null;

  constructor(
    @Inject(OutboxStore) private readonly outbox: OutboxStore,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const queues = ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    this.source = { outbox: this.outbox, queues };
    sources.push(this.source);
  }

  onModuleDestroy(): void {
    const index = this.source ? sources.indexOf(this.source) : -1;
    if (index >= 0) sources.splice(index, 1);
  }
}
