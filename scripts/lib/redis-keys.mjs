// @ts-check

/**
 * Deletes every key under `<prefix>:` (one run's queues) with SCAN and UNLINK in batches, so
 * Redis is never blocked by a KEYS or a huge DEL. On a Redis Cluster every master is scanned
 * (SCAN sees only the node it runs on), and keys go one per command: one node's keys still sit
 * in different hash slots.
 * @param {import('ioredis').Redis | import('ioredis').Cluster} redis
 * @param {string} prefix
 * @returns {Promise<number>} how many keys were deleted
 */
export async function deleteKeysWithPrefix(redis, prefix) {
  const cluster = 'isCluster' in redis && redis.isCluster === true;
  if (cluster && redis.status !== 'ready') await redis.ping(); // connects and loads the slot map
  const nodes = cluster ? /** @type {import('ioredis').Cluster} */ (redis).nodes('master') : [/** @type {import('ioredis').Redis} */ (redis)];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      if (cluster) deleted += (await keys.reduce((pipeline, key) => pipeline.unlink(key), node.pipeline()).exec())?.length ?? 0;
      else deleted += await node.unlink(...keys);
    } while (cursor !== '0');
  }
  return deleted;
}
