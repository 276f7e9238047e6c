import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ALL_QUEUES } from './job-map.js';
import { OutboxSignal } from './outbox-signal.js';
import { REDIS, createRedis, redisOptions } from './redis.js';

/**
 * Completed jobs are kept briefly (a republished outbox row with the same jobId is then a
 * no-op; after that the consumers' own idempotency covers it), capped so Redis memory stays
 * flat under load; failed ones a week, for inspection.
 */
export const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: { age: 600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Registers every queue by name with one shared connection setup (producers only; workers live in apps/worker). */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  static forRoot(): DynamicModule {
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            prefix: config.redis.queuePrefix,
            connection: redisOptions(config, 'bullmq') as ConnectionOptions,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        queues,
      ],
      providers: [{ provide: REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRedis(config) }, OutboxSignal],
      exports: [queues, REDIS, OutboxSignal],
    };
  }

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
