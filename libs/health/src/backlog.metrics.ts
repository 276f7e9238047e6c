import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Gauge, register } from 'prom-client';
import { OutboxStore } from '@app/database';
import { ALL_QUEUES } from '@app/queue';

/** How often the outbox gauges are read from MySQL; a scrape only reads the values kept in memory. */
export const OUTBOX_GAUGE_REFRESH_MS = 5_000;

type Source = { queues: Queue[]; outbox: { count: number; oldestAgeMs: number } };

// Gauges are read at scrape time from whichever app registered last in this process.
const sources: Source[] = [];
const current = () => sources.at(-1);

function gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge) => void | Promise<void>): void {
  if (register.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames,
    async collect() {
      await Promise.resolve(collect(this)).catch(() => undefined); // a scrape during an outage shows stale values, not an error
    },
  });
}

// Never a database query per scrape: scrapes read the values the refresher last stored.
gauge('pbs_outbox_backlog', 'Outbox rows committed but not yet published to BullMQ (refreshed every few seconds; capped, see README)', [], (g) => {
  const source = current();
  if (source) g.set(source.outbox.count);
});
gauge('pbs_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row (refreshed every few seconds)', [], (g) => {
  const source = current();
  if (source) g.set(source.outbox.oldestAgeMs / 1000);
});
gauge('pbs_queue_jobs', 'BullMQ jobs per queue and state', ['queue', 'state'], async (g) => {
  const source = current();
  if (!source) return;
  for (const queue of source.queues) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    for (const [state, count] of Object.entries(counts)) g.set({ queue: queue.name, state }, count);
  }
});

/** Registers this app's queues as the source of the backlog gauges and keeps the outbox figures fresh. */
@Injectable()
export class BacklogMetrics implements OnModuleInit, OnModuleDestroy {
  private source: Source | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing = false;

  constructor(
    @Inject(OutboxStore) private readonly outbox: OutboxStore,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const queues = ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    this.source = { queues, outbox: { count: 0, oldestAgeMs: 0 } };
    sources.push(this.source);
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), OUTBOX_GAUGE_REFRESH_MS).unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    const index = this.source ? sources.indexOf(this.source) : -1;
    if (index >= 0) sources.splice(index, 1);
  }

  /** One bounded read at a time; while MySQL is slow or down the last figures stay. */
  private async refresh(): Promise<void> {
    if (this.refreshing || !this.source) return;
    this.refreshing = true;
    try {
      this.source.outbox = await this.outbox.boundedBacklog();
    } catch {
      // stale figures until the next refresh
    } finally {
      this.refreshing = false;
    }
  }
}
