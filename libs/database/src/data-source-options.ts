import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@app/config';
import { SessionPoolDriver, sessionStatements } from './connection-pool.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Connection settings shared by the apps, the migration CLI and the tests.
 * Entities are registered by each module (autoLoadEntities); the CLI passes them in.
 */
export function dataSourceOptions(config: AppConfig, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: config.db.type,
    host: config.db.host,
    port: config.db.port,
    username: config.db.user,
    password: config.db.password,
    database: config.db.name,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // Fail fast when MySQL is gone: requests answer 503 instead of hanging.
    connectTimeout: 3000,
    poolSize: config.db.poolSize,
    extra: { enableKeepAlive: true, keepAliveInitialDelay: 10_000, maxIdle: config.db.poolSize },
    // Every pooled connection takes the session settings as it opens (connection-pool.ts).
    driver: new SessionPoolDriver(sessionStatements(config)),
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Failed queries reach the logs through the problem filter (5xx) or the job's failure; expected
    // ones (duplicate keys that mean "already exists") are not noise worth printing.
    logging: false,
  };
}
