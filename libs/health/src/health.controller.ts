import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { For } from '@app/auth';
import { REDIS, checkRedis, type RedisClient } from '@app/queue';

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

const CHECKS = {
  type: 'object',
  additionalProperties: { type: 'object', required: ['status'], properties: { status: { enum: ['up', 'down'] } }, additionalProperties: true },
};
/** @nestjs/terminus's answer: each check by name. */
const READY_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: { status: { enum: ['ok'] }, info: CHECKS, error: CHECKS, details: CHECKS },
  example: {
    status: 'ok',
    info: { mysql: { status: 'up' }, redis: { status: 'up' } },
    error: {},
    details: { mysql: { status: 'up' }, redis: { status: 'up' } },
  },
};

/** Liveness (the process answers) and readiness (MySQL and Redis answer). */
@ApiTags('operations')
@For('public')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(TypeOrmHealthIndicator) private readonly mysql: TypeOrmHealthIndicator,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'The process is up', schema: { type: 'object', required: ['status'], properties: { status: { enum: ['ok'] } } } })
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @ApiOperation({ summary: 'Readiness: MySQL and Redis answer (503 problem when not)' })
  @ApiOkResponse({ description: 'MySQL and Redis answer', schema: READY_SCHEMA })
  @ApiServiceUnavailableResponse({
    description: '`UNAVAILABLE`: MySQL or Redis does not answer.',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  })
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.mysql.pingCheck('mysql', { timeout: CHECK_TIMEOUT_MS }),
      async () => {
        const redis = this.indicators.check('redis');
        try {
          await withTimeout(checkRedis(this.redis), CHECK_TIMEOUT_MS);
          return redis.up();
        } catch {
          return redis.down({ message: 'Redis is not answering' });
        }
      },
    ]);
  }
}
