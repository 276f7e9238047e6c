import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { BindingsRetention } from '@app/bindings';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MailRetention } from '@app/mail';
import { NotificationsRetention } from '@app/notifications';
import { JobName, QueueName } from '@app/queue';

/** How often the purge runs. A run stops after RUN_BUDGET_MS; the next one carries on where it stopped. */
export const RETENTION_PURGE_EVERY_MS = 3_600_000;
const RUN_BUDGET_MS = 10 * 60_000;
/** Rows per DELETE: small enough that each statement holds its row locks for a few milliseconds. */
const BATCH_SIZE = 500;
const DAY_MS = 86_400_000;

export interface PurgedRows {
  idempotencyKeys: number;
  deliveries: number;
  sentEmails: number;
  sellerNotices: number;
  events: number;
}

/**
 * Deletes rows past their retention (RETENTION_DELIVERIES_DAYS, RETENTION_NOTICES_DAYS,
 * RETENTION_EVENTS_DAYS; 0 keeps them forever) and expired Idempotency-Keys. Each module deletes its
 * own tables; this only says when and how far back.
 */
@Processor(QueueName.Retention, { concurrency: 1 })
export class RetentionProcessor extends WorkerHost implements OnApplicationBootstrap {
  static readonly handles = [JobName.PurgeExpiredRows] as const;
  private readonly logger = new Logger(RetentionProcessor.name);

  constructor(
    @Inject(BindingsRetention) private readonly bindings: BindingsRetention,
    @Inject(NotificationsRetention) private readonly notifications: NotificationsRetention,
    @Inject(MailRetention) private readonly mail: MailRetention,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Retention) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // One scheduler for the whole cluster: every worker upserts the same id, so one job per interval runs.
    await this.queue.upsertJobScheduler('retention-purge', { every: RETENTION_PURGE_EVERY_MS }, { name: JobName.PurgeExpiredRows, data: {} });
  }

  async process(): Promise<PurgedRows> {
    const now = Date.now();
    const options = { batchSize: BATCH_SIZE, deadline: now + RUN_BUDGET_MS };
    const { deliveriesDays, noticesDays, eventsDays } = this.config.retention;
    const before = (days: number) => new Date(now - days * DAY_MS);
    const purged: PurgedRows = {
      idempotencyKeys: await this.bindings.purgeExpiredIdempotencyKeys(new Date(now), options),
      deliveries: deliveriesDays > 0 ? await this.notifications.purgeDeliveries(before(deliveriesDays), options) : 0,
      sentEmails: deliveriesDays > 0 ? await this.mail.purgeSentEmails(before(deliveriesDays), options) : 0,
      sellerNotices: noticesDays > 0 ? await this.notifications.purgeSellerNotices(before(noticesDays), options) : 0,
      events: eventsDays > 0 ? await this.bindings.purgeEvents(before(eventsDays), options) : 0,
    };
    if (Object.values(purged).some((count) => count > 0)) this.logger.log(`Retention purge deleted ${JSON.stringify(purged)} in ${Date.now() - now} ms`);
    return purged;
  }
}
