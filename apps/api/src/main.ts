import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';

async function main(): Promise<void> {
  // The configuration first, before the application's modules load: a refused one stops the process at once.
  const config = loadConfig();
  const { startApi } = await import('./bootstrap.js');
  await startApi(config);
}

main().catch((error: unknown) => {
  // A configuration error names the variable; anything else is a start-up failure worth its stack.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('API failed to start:', error);
  process.exit(1);
});
