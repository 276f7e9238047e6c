import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@app/config';
import { WorkerModule } from './worker.module.js';

/** The worker with its small HTTP server for health checks (main.ts and tests). */
export async function createWorkerApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config), new FastifyAdapter(), {
    ...(options.logger === false ? { logger: false } : {}),
  });
  app.enableShutdownHooks();
  return app;
}
