import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { For } from '@app/auth';
import { REDIS, checkRedis, type RedisClient } from '@app/queue';

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

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
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @ApiOperation({ summary: 'Readiness: MySQL and Redis answer (503 problem when not)' })
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
