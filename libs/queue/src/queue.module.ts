import { Global, Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ALL_QUEUES } from './job-map.js';
import { OutboxSignal } from './outbox-signal.js';
import { QueueErrorLog } from './redis-error-log.js';
import { QueueReplication } from './queue-replication.js';
import { QUEUE_REDIS, queueKeyPrefix, type RedisClient } from './redis.js';
import { RedisModule } from './redis.module.js';

/**
 * Completed jobs are kept briefly (a republished outbox row with the same jobId is then a
 * no-op; after that the consumers' own idempotency covers it), capped so Redis memory stays
 * flat under load; failed ones a week, for inspection, and at most 10,000 per queue, so an
 * outage that fails every job cannot grow Redis without bound.
 */
export const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: { age: 600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

/** Registers every queue by name on one shared connection (producers only; workers live in apps/worker). */
@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
    return {
      module: QueueModule,
      imports: [
        RedisModule,
        DiscoveryModule,
        BullModule.forRootAsync({
          imports: [RedisModule],
          inject: [APP_CONFIG, QUEUE_REDIS],
          useFactory: (config: AppConfig, connection: RedisClient) => ({
            prefix: queueKeyPrefix(config),
            connection,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        queues,
      ],
      providers: [OutboxSignal, QueueReplication, QueueErrorLog],
      exports: [queues, RedisModule, OutboxSignal, QueueReplication],
    };
  }
}
