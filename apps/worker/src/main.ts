import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@app/config';
import { prepareDatabase } from '@app/database';
import { createWorkerApp } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.db.migrateOnStart) await prepareDatabase(config);
  const app = await createWorkerApp(config);
  await app.listen({ port: config.workerHttpPort, host: '0.0.0.0' });
  new Logger('Startup').log(`Worker ready (health on port ${config.workerHttpPort}, database ${config.db.name})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Worker failed to start:', error);
  process.exit(1);
});
