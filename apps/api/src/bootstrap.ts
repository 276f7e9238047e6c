import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@app/config';
import { ApiModule } from './api.module.js';
import { parseRequestBody } from './http/json-body.js';

/** Builds the API application (used by main.ts and by the tests). */
export async function createApiApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, trustProxy: true, return503OnClosing: true });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    bodyParser: false,
    bufferLogs: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  // One parser for every content type (Fastify's own JSON and text parsers removed), judged later in the pipe.
  app.getHttpAdapter().getInstance().removeAllContentTypeParsers();
  app.useBodyParser('*', { bodyLimit: config.bodyLimitBytes }, (request, body, done) => done(null, parseRequestBody(request.headers['content-type'], body)));

  app.enableShutdownHooks();
  return app;
}

export function logStartup(config: AppConfig, role: string): void {
  const logger = new Logger('Startup');
  if (config.usingDevelopmentSecrets) {
    logger.warn(
      `Using development defaults for OPERATOR_TOKEN and/or JWT_SECRET (NODE_ENV=${config.nodeEnv}). ` +
        `The development operator token is "dev-operator-token". Set both variables for any shared deployment.`,
    );
  }
  logger.log(`${role} ready (database ${config.db.name} on ${config.db.host}:${config.db.port})`);
}
