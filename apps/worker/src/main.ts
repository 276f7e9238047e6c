import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';

async function main(): Promise<void> {
  // The configuration first, before the application's modules load: a refused one stops the process at once.
  const config = loadConfig();
  const { startWorker } = await import('./bootstrap.js');
  await startWorker(config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Worker failed to start:', error);
  process.exit(1);
});
