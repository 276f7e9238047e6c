import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoNestLogger, createRootLogger } from '@app/common';
import { prepareDatabase } from '@app/database';
import { DEVELOPMENT_SECRETS_KEY, type AppConfig } from '@app/config';
import { ApiModule } from './api.module.js';
import { genRequestId, registerAccessLog } from './http/http-logging.js';
import { closeConnectionsWhenDraining } from './http/drain-on-close.js';
import { parseRequestBody } from './http/json-body.js';
import { registerOpenApi } from './docs/openapi.js';
import { registerQueueDashboard } from './http/queue-dashboard.js';
import { registerRateLimits } from './http/rate-limit.js';

/** Builds the API application (used by main.ts and by the tests). */
export async function createApiApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  // TRUST_PROXY: off (request.ip is the TCP peer), a hop count or CIDRs. Fastify takes a number at run time; its typings omit it.
  const trustProxy = config.trustProxy as boolean | string[];
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy,
    return503OnClosing: true,
    genReqId: genRequestId,
    requestIdHeader: false,
    // No Nest middleware (Express-style `use`) exists here: the cabinet, /docs and the queue dashboard are
    // Fastify routes and plugins, the request id, access log and rate limits Fastify hooks. Without middie
    // no request passes its onRequest hook for nothing; a Nest middleware added later would need it back.
    skipMiddie: true,
  });
  const logger = createRootLogger({ level: config.logLevel, role: 'api' });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    bodyParser: false,
    logger: options.logger === false ? false : new PinoNestLogger(logger),
  });
  registerAccessLog(app.getHttpAdapter().getInstance(), logger);
  // One parser for every content type (Fastify's own JSON and text parsers removed), judged later in the pipe.
  app.getHttpAdapter().getInstance().removeAllContentTypeParsers();
  app.useBodyParser('*', { bodyLimit: config.bodyLimitBytes }, (request, body, done) => done(null, parseRequestBody(request.headers['content-type'], body)));

  await registerRateLimits(app, config);
  await registerQueueDashboard(app, config);
  registerOpenApi(app);
  closeConnectionsWhenDraining(app.getHttpAdapter().getInstance());
  // Exit 0 once shut down (Nest would otherwise re-raise the signal, and the process would end by SIGTERM).
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}

/** main.ts: migrate when configured to, then serve on PORT. */
export async function startApi(config: AppConfig): Promise<void> {
  if (config.db.migrateOnStart) {
    const ran = await prepareDatabase(config);
    if (ran.length > 0) new Logger('Migrations').log(`Applied: ${ran.join(', ')}`);
  }
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  logStartup(config, `API listening on port ${config.port};`);
}

function logStartup(config: AppConfig, role: string): void {
  const logger = new Logger('Startup');
  if (config.usingDevelopmentSecrets) {
    logger.warn(
      `Using development defaults for OPERATOR_TOKEN and/or JWT_SECRET (NODE_ENV=${config.nodeEnv}). ` +
        `The development operator token is "dev-operator-token". Set both variables for any shared deployment.`,
    );
  }
  if (config.usingDevelopmentSecretsKey) {
    logger.warn(
      `Using the development SECRETS_KEY "${DEVELOPMENT_SECRETS_KEY}": webhook secrets are sealed with a published key. Set SECRETS_KEY for any shared deployment.`,
    );
  }
  logger.log(`${role} ready (database ${config.db.name} on ${config.db.host}:${config.db.port})`);
}
