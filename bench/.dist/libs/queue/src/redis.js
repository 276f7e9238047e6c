import { Redis } from 'ioredis';
/** A shared general-purpose Redis connection (not for blocking commands). */
export const REDIS = Symbol('REDIS');
/**
 * Connection options from REDIS_URL. `blocking` connections (BullMQ's) must retry
 * forever; general ones give up on a command after a few tries so callers see the outage.
 */
export function redisOptions(config, purpose) {
    const url = new URL(config.redis.url);
    return {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port ? Number(url.port) : 6379,
        ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
        ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
        db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
        ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
        maxRetriesPerRequest: purpose === 'bullmq' ? null : 2,
        enableReadyCheck: true,
        connectTimeout: 3000,
        retryStrategy: (times) => Math.min(times * 200, 2000),
    };
}
export function createRedis(config, overrides = {}) {
    return new Redis({ ...redisOptions(config, 'general'), ...overrides });
}
//# sourceMappingURL=redis.js.map