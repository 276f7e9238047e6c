import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { WorkerModule } from './worker.module.js';

/** The worker with its small HTTP server for health checks (main.ts and tests). */
export async function createWorkerApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config), new FastifyAdapter(), {
    bufferLogs: options.logger !== false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  if (options.logger !== false) app.useLogger(app.get(PinoNestLogger));
  // Exit 0 once shut down (Nest would otherwise re-raise the signal, and the process would end by SIGTERM).
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}
