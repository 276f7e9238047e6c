/**
 * After a SECRETS_KEY rotation: seals every stored secret with the current key, so the previous key
 * can then be dropped from SECRETS_PREVIOUS_KEYS. Run from the build: `npm run secrets:reseal`.
 * Safe to run while the service is up (each row is rewritten only if unchanged) and to run again.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { SecretBox } from '@app/common';
import { ConfigError, loadConfig } from '@app/config';
import { SEALED_SECRET_COLUMNS, dataSourceOptions, resealSecrets } from '@app/database';

async function main(): Promise<void> {
  const config = loadConfig();
  const box = new SecretBox(config.secretsKeys.current, config.secretsKeys.previous);
  const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    for (const target of SEALED_SECRET_COLUMNS) {
      const rewritten = await resealSecrets(dataSource, box, target);
      process.stdout.write(`${target.table}.${target.column}: ${rewritten} value(s) sealed with key ${config.secretsKeys.current.id}\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Resealing failed: ${(error as Error).message}`}\n`);
  process.exit(1);
});
