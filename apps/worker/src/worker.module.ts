import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BindingsModule } from '@app/bindings';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule, MetricsModule } from '@app/health';
import { MailModule } from '@app/mail';
import { NotificationsModule } from '@app/notifications';
import { ALL_JOBS, QueueModule } from '@app/queue';
import { DrainOnShutdown } from './drain-on-shutdown.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { BindingExpiryProcessor } from './processors/binding-expiry.processor.js';
import { EmailProcessor } from './processors/email.processor.js';
import { ModuleEventsProcessor } from './processors/module-events.processor.js';
import { PartnerWebhookProcessor } from './processors/partner-webhook.processor.js';
import { RetentionProcessor } from './processors/retention.processor.js';
import { SellerNoticeProcessor } from './processors/seller-notice.processor.js';

export const PROCESSORS = [PartnerWebhookProcessor, SellerNoticeProcessor, BindingExpiryProcessor, EmailProcessor, RetentionProcessor, ModuleEventsProcessor];

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
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        QueueModule.forRoot(),
        BindingsModule,
        NotificationsModule,
        MailModule,
        HealthModule,
        DiscoveryModule,
        MetricsModule,
      ],
      providers: [...PROCESSORS, OutboxRelay, DrainOnShutdown],
      exports: [OutboxRelay],
    };
  }

  onModuleInit(): void {
    assertEveryJobHasAProcessor(PROCESSORS);
  }
}
