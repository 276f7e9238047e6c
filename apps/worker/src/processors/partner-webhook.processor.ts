import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { NotificationsService } from '@app/notifications';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { RetryLater, backoffStrategy } from './retry-later.js';

/** Delivers partner webhooks, one attempt per run; BullMQ schedules the retries. */
@Processor(QueueName.PartnerWebhooks, { settings: { backoffStrategy } })
export class PartnerWebhookProcessor extends RequestScopedWorkerHost implements OnModuleInit {
  static readonly handles = [JobName.DeliverWebhook, JobName.RedeliverWebhook] as const;
  private readonly logger = new Logger(PartnerWebhookProcessor.name);

  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    // Deliveries mostly wait on the network, so many run at once; one partner gets at most
    // WEBHOOK_PER_PARTNER_CONCURRENCY of them (PartnerGate).
    this.worker.concurrency = this.config.webhook.workerConcurrency;
  }

  protected async handle(job: Job, token?: string): Promise<string> {
    const outcome =
      job.name === JobName.DeliverWebhook
        ? await this.notifications.deliverNotice(job.data as JobPayloads[typeof JobName.DeliverWebhook])
        : await this.notifications.attemptDelivery((job.data as JobPayloads[typeof JobName.RedeliverWebhook]).deliveryId);
    switch (outcome.kind) {
      case 'busy':
        // This partner already has its share in flight: step aside without using an attempt.
        await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), token);
        throw new DelayedError();
      case 'retry':
        throw new RetryLater(outcome.delayMs, 'webhook not acknowledged; retrying on schedule');
      default:
        if (outcome.kind === 'failed') this.logger.warn(`Delivery for job ${job.id} is failed; the partner can redeliver it.`);
        return outcome.kind;
    }
  }
}
