import { Inject } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { NotificationsService } from '@app/notifications';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { backoffStrategy } from './retry-later.js';

/** Records seller in-app notices (idempotent: the notice id is the event id). */
@Processor(QueueName.SellerNotices, { concurrency: 32, settings: { backoffStrategy } })
export class SellerNoticeProcessor extends RequestScopedWorkerHost {
  static readonly handles = [JobName.RecordSellerNotice] as const;

  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {
    super();
  }

  protected async handle(job: Job): Promise<void> {
    await this.notifications.recordSellerNotice(job.data as JobPayloads[typeof JobName.RecordSellerNotice]);
  }
}
