import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { problemFor } from '@app/common';
import type { AppConfig } from '@app/config';
import { createRedis } from '@app/queue';

const UNLIMITED_PATHS = /^\/(health|metrics)(\/|$)/;

/**
 * Rate limits (@fastify/rate-limit), counted in Redis so every API replica shares them:
 * one budget per IP and one per signed-in user. When Redis is down the
 * limits are skipped rather than failing requests: binds must keep working through the outbox.
 */
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

  const jwt = app.get(JwtService);
  const userKeys = new WeakMap<FastifyRequest, string | null>();
  /** The caller's identity for the per-user budget, worked out once per request. */
  const userKey = (request: FastifyRequest): string | null => {
    if (!userKeys.has(request)) userKeys.set(request, userKeyOf(request));
    return userKeys.get(request)!;
  };
  /** A valid token's subject (the operator is bounded by its IP only). */
  const userKeyOf = (request: FastifyRequest): string | null => {
    const token = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return null;
    if (token === config.operatorToken) return null;
    try {
      return `user:${jwt.verify<{ sub: string }>(token, { algorithms: ['HS256'] }).sub}`;
    } catch {
      return null; // an invalid token gets a 401 anyway; it counts against its IP only
    }
  };

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
