import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { TokenService, type Credentials } from '@app/auth';
import { problemFor } from '@app/common';
import type { AppConfig } from '@app/config';
import { createRedis } from '@app/queue';

const UNLIMITED_PATHS = /^\/(health|metrics)(\/|$)/;

/**
 * Rate limits (@fastify/rate-limit), counted in Redis so every API replica shares them:
 * one budget per IP and one per signed-in user. When Redis is down the
 * limits are skipped rather than failing requests: binds must keep working through the outbox.
 */
/** A signed-in user's budget key; the operator and invalid tokens count against their IP only (an invalid one gets a 401 anyway). */
function userKeyOf(credentials: Credentials): string | null {
  if (credentials.kind === 'service') return `user:${credentials.userId}`;
  if (credentials.kind === 'idp') return `idp:${credentials.subject}`;
  return null;
}

export async function registerRateLimits(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const { perUser, perIp, windowMs } = config.rateLimit;
  if (perUser === 0 && perIp === 0) return;

  // Its own connection without an offline queue: during an outage a check fails at once (and is skipped).
  // Auto-pipelining: both budgets are checked in one round trip.
  const redis = createRedis(config, { enableOfflineQueue: false, maxRetriesPerRequest: 0, enableAutoPipelining: true });
  redis.on('error', () => undefined);
  app.getHttpAdapter().getInstance().addHook('onClose', async () => {
    redis.disconnect();
  });

  const tokens = app.get(TokenService);
  const userKeys = new WeakMap<FastifyRequest, string | null>();
  const userKey = (request: FastifyRequest): string | null => userKeys.get(request) ?? null;

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(rateLimit, {
    global: false,
    redis,
    nameSpace: `${config.redis.queuePrefix}:rate-limit:`,
    skipOnError: true,
  });
  const limiters = [
    perIp > 0 && fastify.createRateLimit({ max: perIp, timeWindow: windowMs, keyGenerator: (request) => `ip:${request.ip}` }),
    perUser > 0 && fastify.createRateLimit({ max: perUser, timeWindow: windowMs, keyGenerator: (request) => userKey(request) ?? '', allowList: (request) => userKey(request) === null }),
  ].filter((limiter) => limiter !== false);

  fastify.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED_PATHS.test(request.url)) return;
    // The token is verified here once; the guard reuses the outcome (TokenService.credentialsOf).
    userKeys.set(request, userKeyOf(await tokens.credentialsOf(request)));
    const verdicts = await Promise.all(limiters.map((limiter) => limiter(request)));
    for (const verdict of verdicts) {
      if (verdict.isAllowed || !verdict.isExceeded) continue;
      const seconds = Math.max(1, verdict.ttlInSeconds);
      void reply.header('retry-after', String(seconds));
      throw Object.assign(new Error('rate limited'), {
        statusCode: 429,
        problem: problemFor('RATE_LIMITED', `Too many requests; try again in ${seconds} s.`),
      });
    }
  });
}
