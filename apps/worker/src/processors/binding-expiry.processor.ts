import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { DelayedError, type Job, type Queue } from 'bullmq';
import { BindingTimersService, BindingsService } from '@app/bindings';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { backoffStrategy } from './retry-later.js';

/** Timers per transaction: each batch holds its row locks for a few milliseconds. */
const TIMER_BATCH_SIZE = 50;
/** One run stops after this; the next scheduled run carries on. */
const TIMER_RUN_BUDGET_MS = 30_000;
/** The scheduled runs' own jobs: a handful kept for inspection, never a growing history. */
const SCHEDULED_RUN_RETENTION = { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } };

/**
 * Fires binding timers (request expiry, end of term, reminders; docs/API.md#retention). The timers are due-time rows in MySQL,
 * written in the transaction that arms them; one job scheduler per deployment (every
 * BINDING_TIMERS_EVERY_MS) runs `SweepExpiredBindings`, which claims due rows with SKIP LOCKED and fires
 * each once. Redis holds no per-binding state.
 *
 * `ExpireBinding` is the old per-request delayed job. Nothing publishes it any more, but jobs queued
 * before this version was deployed still come due (up to one request TTL later): the handler stays, and
 * is idempotent — it goes through the same conditional transition, so a request the timer already
 * expired (or that was answered) is left as it is.
 */
@Processor(QueueName.BindingExpiry, { concurrency: 4, settings: { backoffStrategy } })
export class BindingExpiryProcessor extends RequestScopedWorkerHost implements OnApplicationBootstrap {
  static readonly handles = [JobName.ExpireBinding, JobName.SweepExpiredBindings] as const;
  private readonly logger = new Logger(BindingExpiryProcessor.name);

  constructor(
    @Inject(BindingsService) private readonly bindings: BindingsService,
    @Inject(BindingTimersService) private readonly timers: BindingTimersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.BindingExpiry) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // One scheduler for the whole cluster: every worker upserts the same id, so one job per interval runs.
    await this.queue.upsertJobScheduler(
      'binding-expiry-sweep',
      { every: this.config.bindingTimersEveryMs },
      { name: JobName.SweepExpiredBindings, data: {}, opts: SCHEDULED_RUN_RETENTION },
    );
  }

  protected async handle(job: Job, token?: string): Promise<unknown> {
    if (job.name === JobName.SweepExpiredBindings) {
      const fired = await this.timers.fireDue({ batchSize: TIMER_BATCH_SIZE, deadline: Date.now() + TIMER_RUN_BUDGET_MS });
      if (fired.expired + fired.ended + fired.reminded > 0) this.logger.log(`Binding timers fired: ${JSON.stringify(fired)}`);
      return fired;
    }
    // A delayed job from before binding timers moved to MySQL (see above).
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
