import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';
/** The worker with its small HTTP server for health checks (main.ts and tests). */
export async function createWorkerApp(config, options = {}) {
    const app = await NestFactory.create(WorkerModule.forRoot(config), new FastifyAdapter(), {
        bufferLogs: options.logger !== false,
        ...(options.logger === false ? { logger: false } : {}),
    });
    if (options.logger !== false)
        app.useLogger(app.get(PinoNestLogger));
    // Exit 0 once shut down (Nest would otherwise re-raise the signal, and the process would end by SIGTERM).
    app.enableShutdownHooks([], { useProcessExit: true });
    return app;
}
//# sourceMappingURL=bootstrap.js.map