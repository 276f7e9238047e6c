import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';
import { For, bearerTokenOf, isSameSecret } from '@app/auth';
import { PROBLEM_CONTENT_TYPE, problemFor } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';

/**
 * Prometheus text format (no business data). With METRICS_TOKEN set, scrapers must send it as a
 * bearer token; without it, keep the path on the private network. The worker has no problem filter,
 * so the refusal is written here.
 */
@ApiExcludeController()
@For('public')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const expected = this.config.metricsToken;
    if (expected !== undefined) {
      const presented = bearerTokenOf(reply.request.headers);
      if (presented === null || !isSameSecret(presented, expected)) {
        await reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .header('content-type', PROBLEM_CONTENT_TYPE)
          .send(problemFor('UNAUTHENTICATED', 'The metrics need the METRICS_TOKEN as a bearer token.'));
        return;
      }
    }
    await reply.header('content-type', register.contentType).send(await register.metrics());
  }
}
