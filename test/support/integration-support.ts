import type { AppConfig } from '@app/config';
import { closeRedis, createRedis, queueKeyPrefix } from '@app/queue';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis-keys.mjs';

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
