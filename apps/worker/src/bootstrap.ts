import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoNestLogger, createRootLogger } from '@app/common';
import type { AppConfig } from '@app/config';
import { prepareDatabase } from '@app/database';
import { WorkerModule } from './worker.module.js';

/** The worker with its small HTTP server for health checks (main.ts and tests). */
export async function createWorkerApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  // JSON logs; inside a job every line carries the request id of the HTTP call that caused it.
  const logger = options.logger === false ? false : new PinoNestLogger(createRootLogger({ level: config.logLevel, role: 'worker' }));
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config), new FastifyAdapter(), { logger });
  // Exit 0 once shut down (Nest would otherwise re-raise the signal, and the process would end by SIGTERM).
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}

/** main.ts: migrate when configured to, then run the processors with health on WORKER_HTTP_PORT. */
export async function startWorker(config: AppConfig): Promise<void> {
  if (config.db.migrateOnStart) await prepareDatabase(config);
  const app = await createWorkerApp(config);
  await app.listen({ port: config.workerHttpPort, host: '0.0.0.0' });
  new Logger('Startup').log(`Worker ready (health on port ${config.workerHttpPort}, database ${config.db.name})`);
}
