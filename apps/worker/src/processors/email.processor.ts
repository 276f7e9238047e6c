import { Inject, Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { NoticeEmailService, type NoticeEmailOutcome } from '@app/mail';
import { retryDelayMs } from '@app/notifications';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { RetryLater, backoffStrategy } from './retry-later.js';

/**
 * Sends notice e-mails, one pass over the recipients per run. Recipients who already have
 * the event are skipped, so a retry after a partial failure reaches only the rest; retries
 * follow the webhook schedule (WEBHOOK_BACKOFF_MS × 3^(n−1), up to WEBHOOK_MAX_ATTEMPTS).
 */
@Processor(QueueName.Email, { concurrency: 8, settings: { backoffStrategy } })
export class EmailProcessor extends RequestScopedWorkerHost {
  static readonly handles = [JobName.EmailSellerNotice, JobName.EmailPartnerNotice] as const;
  private readonly logger = new Logger(EmailProcessor.name);

  constructor(
    @Inject(NoticeEmailService) private readonly emails: NoticeEmailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected async handle(job: Job, token?: string): Promise<NoticeEmailOutcome> {
    const attempt = job.attemptsMade + 1;
    const finalAttempt = attempt >= this.config.webhook.maxAttempts;
    const outcome =
      job.name === JobName.EmailSellerNotice
        ? await this.emails.sendToAdministrators(job.data as JobPayloads[typeof JobName.EmailSellerNotice], { finalAttempt })
        : await this.emails.sendToPartner(job.data as JobPayloads[typeof JobName.EmailPartnerNotice], { finalAttempt });

    switch (outcome.kind) {
      case 'busy':
        // Another run of this job holds a recipient: step aside without using an attempt.
        await job.moveToDelayed(Date.now() + 1000, token);
        throw new DelayedError();
      case 'retry':
        throw new RetryLater(retryDelayMs(attempt, this.config.webhook.backoffMs), `e-mail not accepted yet (${outcome.error}); retrying on schedule`);
      case 'failed':
        this.logger.warn(
          `Giving up on ${job.name} for event ${(job.data as JobPayloads[typeof JobName.EmailSellerNotice]).eventId} after ${attempt} attempts: ${outcome.error}`,
        );
        throw new UnrecoverableError(outcome.error);
      default:
        return outcome;
    }
  }
}
