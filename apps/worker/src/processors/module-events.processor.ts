import { Inject, Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ModuleEventsService } from '@app/bindings';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { backoffStrategy } from './retry-later.js';

/**
 * Accounts and Partners telling Bindings: a closed account's live bindings are cancelled, a decertified
 * partner's sellers are told. Each job is one page; it queues the next page through the outbox itself.
 */
@Processor(QueueName.ModuleEvents, { concurrency: 2, settings: { backoffStrategy } })
export class ModuleEventsProcessor extends RequestScopedWorkerHost {
  static readonly handles = [JobName.CloseAccountBindings, JobName.TellPartnerDecertified] as const;
  private readonly logger = new Logger(ModuleEventsProcessor.name);

  constructor(@Inject(ModuleEventsService) private readonly events: ModuleEventsService) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    if (job.name === JobName.CloseAccountBindings) {
      const { accountId, after } = job.data as JobPayloads[typeof JobName.CloseAccountBindings];
      const page = await this.events.closeAccountPage(accountId, after);
      if (!page.next) this.logger.log(`Closed account ${accountId}: its last page of live bindings is cancelled`);
      return page;
    }
    const { partnerId, decertificationId, after } = job.data as JobPayloads[typeof JobName.TellPartnerDecertified];
    return this.events.decertifiedPage(partnerId, decertificationId, after);
  }
}
