import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService, type Credentials } from '@app/auth';
import { problemFor } from '@app/common';
import type { AppConfig } from '@app/config';
import { createRedis } from '@app/queue';
import { SharedBudgets } from './shared-budgets.js';

const UNLIMITED_PATHS = /^\/(health|metrics)(\/|$)/;

/** A signed-in user's budget key; the operator and invalid tokens count against their IP only (an invalid one gets a 401 anyway). */
function userKeyOf(credentials: Credentials): string | null {
  if (credentials.kind === 'service') return `user:${credentials.userId}`;
  if (credentials.kind === 'idp') return `idp:${credentials.subject}`;
  return null;
}

/**
 * Rate limits: one budget per client IP (`request.ip`, i.e. the TCP peer unless TRUST_PROXY says
 * which proxies to believe) and one per signed-in user, per RATE_LIMIT_WINDOW_MS, shared by every
 * API replica through Redis without a round trip per request (SharedBudgets: local counts sent in
 * batches; documented overshoot). Past a budget: 429 problem+json with Retry-After.
 */
export async function registerRateLimits(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const { perUser, perIp, windowMs } = config.rateLimit;
  if (perUser === 0 && perIp === 0) return;

  // Its own connection without an offline queue: during an outage a batch fails at once (and the limits are skipped).
  // Auto-pipelining: the batches of all keys go out in one write.
  const redis = createRedis(config, { enableOfflineQueue: false, maxRetriesPerRequest: 0, enableAutoPipelining: true });
  redis.on('error', () => undefined);
  const prefix = `${config.redis.queuePrefix}:rate-limit:`;
  const ipBudgets = perIp > 0 ? new SharedBudgets(redis, prefix, perIp, windowMs) : null;
  const userBudgets = perUser > 0 ? new SharedBudgets(redis, prefix, perUser, windowMs) : null;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onClose', async () => {
    await Promise.all([ipBudgets?.flush(), userBudgets?.flush()]);
    redis.disconnect();
  });

  const tokens = app.get(TokenService);
  fastify.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED_PATHS.test(request.url)) return;
    // The token is verified here once; the guard reuses the outcome (TokenService.credentialsOf).
    const userKey = userBudgets ? userKeyOf(await tokens.credentialsOf(request)) : null;
    const ipKey = ipBudgets ? `ip:${request.ip}` : null;
    const now = Date.now();
    // Counted without a promise while this process holds a share of both budgets; only a request past it waits for Redis.
    let ipWait = ipKey ? ipBudgets!.spendNow(ipKey, now) : 0;
    let userWait = userKey ? userBudgets!.spendNow(userKey, now) : 0;
    if (ipWait === null || userWait === null) {
      [ipWait, userWait] = await Promise.all([ipWait ?? ipBudgets!.spend(ipKey!, now), userWait ?? userBudgets!.spend(userKey!, now)]);
    }
    const seconds = Math.max(ipWait, userWait);
    if (seconds === 0) return;
    void reply.header('retry-after', String(seconds));
    throw Object.assign(new Error('rate limited'), {
      statusCode: 429,
      problem: problemFor('RATE_LIMITED', `Too many requests; try again in ${seconds} s.`),
    });
  });
}
