import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, dropDatabase, prepareDatabase } from '@app/database';
import { QueueModule, closeRedis, createRedis, queueKeyPrefix } from '@app/queue';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis-keys.mjs';
import { testConfig } from './test-stack.js';

/**
 * Helpers for database-backed tests (`*.int-spec.ts`) that build their own Nest
 * context instead of a whole TestStack.
 */

/**
 * Removes every Redis key under the config's prefix, the queues' (hash-tagged on a Cluster)
 * and the others (what TestStack.stop does for a stack).
 */
export async function deleteQueueKeys(config: AppConfig): Promise<void> {
  const redis = createRedis(config, { maxRetriesPerRequest: 1 });
  try {
    for (const prefix of new Set([config.redis.queuePrefix, queueKeyPrefix(config)])) await deleteKeysWithPrefix(redis, prefix);
  } finally {
    await closeRedis(redis);
  }
}

/** Settles every promise and sorts the outcomes: what a batch of concurrent callers got. */
export async function settleAll<T>(work: Array<Promise<T>>): Promise<{ fulfilled: T[]; rejected: unknown[] }> {
  const outcomes = await Promise.allSettled(work);
  return {
    fulfilled: outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])),
    rejected: outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : [])),
  };
}

/** What an integration spec adds to the context: library modules and, rarely, a provider of an app. */
export interface ModuleContextOptions {
  /** Environment on top of the test defaults (testConfig). */
  env?: Record<string, string>;
  /** Extra providers, e.g. the worker's OutboxRelay. */
  providers?: Provider[];
  /** Whether the queues are registered (QueueModule); the context then also removes the run's Redis keys. Default true. */
  queues?: boolean;
  /** `false` leaves onModuleInit to the spec (say, to start the relay only when a test wants it). Default true. */
  init?: boolean;
}

/**
 * A Nest context of some library modules on a fresh, migrated database of its own: what a database-backed
 * spec builds instead of a whole TestStack. `stop()` closes it, drops the database and removes the run's keys.
 */
export class ModuleContext {
  private constructor(
    readonly config: AppConfig,
    readonly moduleRef: TestingModule,
    private readonly queues: boolean,
  ) {}

  static async start(modules: Array<Type | DynamicModule>, options: ModuleContextOptions = {}): Promise<ModuleContext> {
    const config = testConfig(options.env ?? {});
    const queues = options.queues ?? true;
    await prepareDatabase(config, { create: true });
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), ...(queues ? [QueueModule.forRoot()] : []), ...modules],
        providers: options.providers ?? [],
      }).compile();
      if (options.init ?? true) await moduleRef.init();
      return new ModuleContext(config, moduleRef, queues);
    } catch (error) {
      await dropDatabase(config);
      throw error;
    }
  }

  /** A provider from anywhere in the context (exported or not). */
  get<T>(token: Type<T> | string | symbol): T {
    return this.moduleRef.get<T>(token as Type<T>, { strict: false });
  }

  async stop(): Promise<void> {
    await this.moduleRef.close();
    await dropDatabase(this.config);
    if (this.queues) await deleteQueueKeys(this.config);
  }
}
