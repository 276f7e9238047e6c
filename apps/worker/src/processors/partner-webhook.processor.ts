import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { WebhookDeliveries, accountOwner, partnerOwner, type AttemptOutcome, type BindingNotice } from '@app/notifications';
import { JobName, QueueName, type DeliveryAttempt } from '@app/queue';
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { RetryLater, backoffStrategy } from './retry-later.js';

/**
 * Delivers webhooks to every endpoint owner (partners and seller accounts; the queue keeps its first
 * name), one attempt per run; BullMQ schedules the retries.
 */
@Processor(QueueName.PartnerWebhooks, { settings: { backoffStrategy } })
export class PartnerWebhookProcessor extends RequestScopedWorkerHost implements OnModuleInit {
  static readonly handles = [JobName.DeliverWebhook, JobName.RedeliverWebhook, JobName.DeliverSellerWebhook, JobName.PingWebhook] as const;
  private readonly logger = new Logger(PartnerWebhookProcessor.name);

  constructor(
    @Inject(WebhookDeliveries) private readonly deliveries: WebhookDeliveries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    // Deliveries mostly wait on the network, so many run at once; one owner gets at most
    // WEBHOOK_PER_PARTNER_CONCURRENCY of them (EndpointGate), the rest wait parked off the workers.
    this.worker.concurrency = this.config.webhook.workerConcurrency;
  }

  private attempt(job: Job): Promise<AttemptOutcome> {
    switch (job.name) {
      case JobName.DeliverWebhook: {
        const notice = job.data as BindingNotice;
        return this.deliveries.deliverNotice(notice, partnerOwner(notice.binding.partnerId), job.id);
      }
      case JobName.DeliverSellerWebhook: {
        const notice = job.data as BindingNotice;
        return this.deliveries.deliverNotice(notice, accountOwner(notice.binding.accountId), job.id);
      }
      default: {
        const { deliveryId, generation, owner } = job.data as DeliveryAttempt;
        return this.deliveries.attemptDelivery(deliveryId, generation ?? 0, job.id, owner);
      }
    }
  }

  protected async handle(job: Job, token?: string): Promise<string> {
    const outcome = await this.attempt(job);
    switch (outcome.kind) {
      case 'busy':
        // The owner already has its share in flight: wait parked, off the workers, without using an
        // attempt; a freed slot promotes the job, `parkMs` is only the backstop.
        await job.moveToDelayed(Date.now() + outcome.parkMs, token);
        throw new DelayedError();
      case 'retry':
        throw new RetryLater(outcome.delayMs, 'webhook not acknowledged; retrying on schedule');
      default:
        if (outcome.kind === 'failed') this.logger.warn(`Delivery for job ${job.id} is failed; its owner can redeliver it.`);
        return outcome.kind;
    }
  }
}
