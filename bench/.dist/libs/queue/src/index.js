export * from './job-map.js';
export { QueueModule, DEFAULT_JOB_OPTIONS } from './queue.module.js';
export { REDIS, createRedis, redisOptions } from './redis.js';
export { jobOptionsFor, WEBHOOK_BACKOFF } from './job-options.js';
export { OutboxSignal } from './outbox-signal.js';
//# sourceMappingURL=index.js.map