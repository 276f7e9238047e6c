import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { runWithRequestId } from '@app/common';

/**
 * A processor that runs each job under the request id of the HTTP request that caused
 * it (stamped by the outbox), so its log lines and webhooks carry the same X-Request-Id.
 */
export abstract class RequestScopedWorkerHost extends WorkerHost {
  process(job: Job, token?: string): Promise<unknown> {
    const requestId = (job.data as { requestId?: unknown } | undefined)?.requestId;
    return runWithRequestId(typeof requestId === 'string' ? requestId : undefined, () => this.handle(job, token));
  }

  protected abstract handle(job: Job, token?: string): Promise<unknown>;
}
