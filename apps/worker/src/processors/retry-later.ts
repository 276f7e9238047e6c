import type { BackoffStrategy } from 'bullmq';
import { WEBHOOK_BACKOFF } from '@app/queue';

/** Thrown by a processor that wants BullMQ to run the job again after exactly `delayMs`. */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

/**
 * BullMQ asks this how long to wait before a retry. The webhook schedule (docs/API.md#retries) is
 * decided by the delivery code and handed over in RetryLater; other failures
 * (infrastructure errors) back off exponentially up to a minute.
 */
export const backoffStrategy: BackoffStrategy = (attemptsMade, type, error) => {
  if (type === WEBHOOK_BACKOFF && error instanceof RetryLater) return error.delayMs;
  return Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), 60_000);
};
