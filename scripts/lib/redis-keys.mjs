// @ts-check

/**
 * Every key under `<prefix>:` (one run's queues), a SCAN batch at a time, so Redis is never
 * blocked by a KEYS. On a Redis Cluster every master is scanned: SCAN sees only the node it runs on.
 * @param {import('ioredis').Redis | import('ioredis').Cluster} redis
 * @param {string} prefix
 * @returns {AsyncGenerator<{ node: import('ioredis').Redis, keys: string[] }>}
 */
export async function* scanKeysWithPrefix(redis, prefix) {
  const cluster = 'isCluster' in redis && redis.isCluster === true;
  if (cluster && redis.status !== 'ready') await redis.ping(); // connects and loads the slot map
  const nodes = cluster ? /** @type {import('ioredis').Cluster} */ (redis).nodes('master') : [/** @type {import('ioredis').Redis} */ (redis)];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) yield { node, keys };
    } while (cursor !== '0');
  }
}

/**
 * Deletes every key under `<prefix>:` with SCAN and UNLINK in batches, so Redis is never blocked
 * by a huge DEL. On a Redis Cluster keys go one per command: one node's keys still sit in
 * different hash slots.
 * @param {import('ioredis').Redis | import('ioredis').Cluster} redis
 * @param {string} prefix
 * @returns {Promise<number>} how many keys were deleted
 */
export async function deleteKeysWithPrefix(redis, prefix) {
  const cluster = 'isCluster' in redis && redis.isCluster === true;
  let deleted = 0;
  for await (const { node, keys } of scanKeysWithPrefix(redis, prefix)) {
    if (cluster) deleted += (await keys.reduce((pipeline, key) => pipeline.unlink(key), node.pipeline()).exec())?.length ?? 0;
    else deleted += await node.unlink(...keys);
  }
  return deleted;
}
