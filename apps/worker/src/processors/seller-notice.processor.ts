import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { NotificationsService } from '@app/notifications';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { backoffStrategy } from './retry-later.js';

/** Records seller in-app notices (idempotent: the notice id is the event id). */
@Processor(QueueName.SellerNotices, { concurrency: 8, settings: { backoffStrategy } })
export class SellerNoticeProcessor extends WorkerHost {
  static readonly handles = [JobName.RecordSellerNotice] as const;

  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {
    super();
  }

  async process(job: Job): Promise<void> {
    await this.notifications.recordSellerNotice(job.data as JobPayloads[typeof JobName.RecordSellerNotice]);
  }
}
