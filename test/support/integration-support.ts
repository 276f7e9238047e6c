import { Redis } from 'ioredis';
import type { AppConfig } from '@app/config';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis-keys.mjs';

/**
 * Helpers for database-backed tests (`*.int-spec.ts`) that build their own Nest
 * context instead of a whole TestStack.
 */

/** Removes every Redis key under the config's queue prefix (what TestStack.stop does for a stack). */
export async function deleteQueueKeys(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
  try {
    await deleteKeysWithPrefix(redis, config.redis.queuePrefix);
  } finally {
    redis.disconnect();
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
