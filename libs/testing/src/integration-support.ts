import { Redis } from 'ioredis';
import type { AppConfig } from '@app/config';

/**
 * Helpers for database-backed tests (`*.int-spec.ts`) that build their own Nest
 * context instead of a whole TestStack.
 */

/** Removes every Redis key under the config's queue prefix (what TestStack.stop does for a stack). */
export async function deleteQueueKeys(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redis.queuePrefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
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
