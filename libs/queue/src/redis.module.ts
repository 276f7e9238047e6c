import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QUEUE_REDIS, REDIS, closeRedis, createQueueRedis, createRedis, type RedisClient } from './redis.js';

/** The process's two long-lived Redis connections: a general one, and the one BullMQ queues share. */
@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRedis(config) },
    { provide: QUEUE_REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createQueueRedis(config) },
  ],
  exports: [REDIS, QUEUE_REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(QUEUE_REDIS) private readonly queueRedis: RedisClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeRedis(this.redis), closeRedis(this.queueRedis)]);
  }
}
