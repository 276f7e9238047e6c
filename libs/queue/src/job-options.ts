import type { JobsOptions } from 'bullmq';
import { JobName } from './job-map.js';

/** The backoff type whose wait the webhook processor decides itself (docs/API.md#retries, see retry-policy). */
export const WEBHOOK_BACKOFF = 'webhook-schedule';

/**
 * Retry settings per job. Webhook jobs count their attempts in the delivery row and
 * finish on their own after the last one; BullMQ's limit is only a backstop for
 * infrastructure errors (database down while recording an attempt).
 */
export function jobOptionsFor(job: string): JobsOptions {
  switch (job) {
    case JobName.DeliverWebhook:
    case JobName.RedeliverWebhook:
    case JobName.DeliverSellerWebhook:
    case JobName.PingWebhook:
    // E-mails retry on the webhook schedule; the processor gives up after WEBHOOK_MAX_ATTEMPTS.
    case JobName.EmailSellerNotice:
    case JobName.EmailPartnerNotice:
      return { attempts: 200, backoff: { type: WEBHOOK_BACKOFF } };
    case JobName.ExpireBinding:
    case JobName.RecordSellerNotice:
    default:
      return { attempts: 20, backoff: { type: 'exponential', delay: 1000 } };
  }
}
