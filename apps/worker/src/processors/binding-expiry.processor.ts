import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { DelayedError, type Job, type Queue } from 'bullmq';
import { BindingsService } from '@app/bindings';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { backoffStrategy } from './retry-later.js';

/** How often the safety-net sweep looks for overdue requests whose expiry job went missing. */
export const EXPIRY_SWEEP_EVERY_MS = 60_000;

/**
 * Expires pending requests: one delayed job per request, plus a periodic sweep.
 * Both go through the same conditional update, so a request expires exactly once.
 */
@Processor(QueueName.BindingExpiry, { concurrency: 4, settings: { backoffStrategy } })
export class BindingExpiryProcessor extends RequestScopedWorkerHost implements OnApplicationBootstrap {
  static readonly handles = [JobName.ExpireBinding, JobName.SweepExpiredBindings] as const;
  private readonly logger = new Logger(BindingExpiryProcessor.name);

  constructor(
    @Inject(BindingsService) private readonly bindings: BindingsService,
    @InjectQueue(QueueName.BindingExpiry) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // One scheduler for the whole cluster: upserting by id is idempotent across workers.
    await this.queue.upsertJobScheduler('binding-expiry-sweep', { every: EXPIRY_SWEEP_EVERY_MS }, { name: JobName.SweepExpiredBindings, data: {} });
  }

  protected async handle(job: Job, token?: string): Promise<unknown> {
    if (job.name === JobName.SweepExpiredBindings) {
      const expired = await this.bindings.expireOverdue();
      if (expired > 0) this.logger.log(`Sweep expired ${expired} overdue request(s)`);
      return { expired };
    }
    const { bindingId } = job.data as JobPayloads[typeof JobName.ExpireBinding];
    const due = await this.bindings.pendingUntil(bindingId);
    if (!due) return { expired: false }; // answered, cancelled or already expired
    if (due.getTime() > Date.now()) {
      // Published early (clocks differ between processes): come back when it is due.
      await job.moveToDelayed(due.getTime() + 10, token);
      throw new DelayedError();
    }
    return { expired: await this.bindings.expire(bindingId) };
  }
}
