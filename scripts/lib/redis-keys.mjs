// @ts-check

/**
 * Deletes every key under `<prefix>:` (one run's queues) with SCAN and UNLINK in batches, so
 * Redis is never blocked by a KEYS or a huge DEL.
 * @param {import('ioredis').Redis} redis
 * @param {string} prefix
 * @returns {Promise<number>} how many keys were deleted
 */
export async function deleteKeysWithPrefix(redis, prefix) {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
