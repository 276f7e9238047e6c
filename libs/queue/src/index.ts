export * from './job-map.js';
export { QueueModule, DEFAULT_JOB_OPTIONS } from './queue.module.js';
export { REDIS, QUEUE_REDIS, createRedis, createQueueRedis, queueKeyPrefix, checkRedis, closeRedis, type RedisClient, type RedisTuning } from './redis.js';
export { QueueReplication, type WriteTarget } from './queue-replication.js';
export { jobOptionsFor, WEBHOOK_BACKOFF } from './job-options.js';
export { OutboxSignal } from './outbox-signal.js';
