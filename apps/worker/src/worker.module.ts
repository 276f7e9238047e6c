import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { BindingsModule } from '@app/bindings';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { NotificationsModule } from '@app/notifications';
import { ALL_JOBS, QueueModule } from '@app/queue';
import { OutboxRelay } from './outbox-relay.service.js';
import { BindingExpiryProcessor } from './processors/binding-expiry.processor.js';
import { PartnerWebhookProcessor } from './processors/partner-webhook.processor.js';
import { SellerNoticeProcessor } from './processors/seller-notice.processor.js';

const PROCESSORS = [PartnerWebhookProcessor, SellerNoticeProcessor, BindingExpiryProcessor];

/** Fails start-up when a job name has no processor: such jobs would sit in Redis forever. */
export function assertEveryJobHasAProcessor(processors: ReadonlyArray<{ handles: readonly string[] }>): void {
  const handled = new Set(processors.flatMap((processor) => processor.handles));
  const missing = ALL_JOBS.filter((job) => !handled.has(job));
  if (missing.length > 0) throw new Error(`No processor handles job(s): ${missing.join(', ')}`);
}

/** The queue consumers and the outbox relay. No public HTTP: only health on WORKER_HTTP_PORT. */
@Module({})
export class WorkerModule implements OnModuleInit {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), QueueModule.forRoot(), BindingsModule, NotificationsModule, HealthModule],
      providers: [...PROCESSORS, OutboxRelay],
      exports: [OutboxRelay],
    };
  }

  onModuleInit(): void {
    assertEveryJobHasAProcessor(PROCESSORS);
  }
}
