import type { AppConfig } from '@app/config';
import { closeRedis, createRedis, mastersOf, queueKeyPrefix } from '@app/queue';

/**
 * Helpers for database-backed tests (`*.int-spec.ts`) that build their own Nest
 * context instead of a whole TestStack.
 */

/**
 * Removes every Redis key under the config's prefix, the queues' (hash-tagged on a Cluster)
 * and the others (what TestStack.stop does for a stack). On a Cluster each master is scanned:
 * SCAN sees only the node it runs on.
 */
export async function deleteQueueKeys(config: AppConfig): Promise<void> {
  const redis = createRedis(config, { maxRetriesPerRequest: 1 });
  const patterns = [...new Set([`${config.redis.queuePrefix}:*`, `${queueKeyPrefix(config)}:*`])];
  try {
    for (const node of await mastersOf(redis)) {
      for (const pattern of patterns) {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          // One key per command: on a Cluster the keys of one node still sit in different slots.
          if (keys.length > 0) await keys.reduce((pipeline, key) => pipeline.unlink(key), node.pipeline()).exec();
        } while (cursor !== '0');
      }
    }
  } finally {
    await closeRedis(redis);
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Settles every promise and sorts the outcomes: what a batch of concurrent callers got. */
export async function settleAll<T>(work: Array<Promise<T>>): Promise<{ fulfilled: T[]; rejected: unknown[] }> {
  const outcomes = await Promise.allSettled(work);
  return {
    fulfilled: outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])),
    rejected: outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : [])),
  };
}
