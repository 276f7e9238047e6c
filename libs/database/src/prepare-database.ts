import { createHash } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options.js';

/**
 * The named lock that processes migrating one database wait on. Lock names are server-wide, so the
 * database is part of the name: runs against other databases on the same server (every test file
 * has its own) never wait for each other. Hashed because a lock name has at most 64 characters.
 */
export function migrationLockName(databaseName: string): string {
  return `pbs_migrations_${createHash('sha256').update(databaseName).digest('hex').slice(0, 32)}`;
}

/**
 * Creates the database if it is missing and runs pending migrations, under a MySQL
 * named lock so an API and a worker starting together do not migrate twice.
 * Returns the names of the migrations that ran.
 */
export async function prepareDatabase(config: AppConfig, options: { create?: boolean } = {}): Promise<string[]> {
  if (options.create ?? !config.isProduction) await createDatabaseIfMissing(config);
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const lockName = migrationLockName(config.db.name);
    const [lock] = await runner.query('SELECT GET_LOCK(?, 60) AS acquired', [lockName]);
    if (Number(lock?.acquired) !== 1) throw new Error('Timed out waiting for the migration lock');
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

export async function createDatabaseIfMissing(config: AppConfig): Promise<void> {
  const connection = await createConnection({
    host: config.db.host,
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
    connectTimeout: 3000,
  });
  try {
    // DB_NAME is validated to [A-Za-z0-9_] at start, so quoting it is enough.
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${config.db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(config: AppConfig): Promise<void> {
  const connection = await createConnection({ host: config.db.host, port: config.db.port, user: config.db.user, password: config.db.password });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${config.db.name}\``);
  } finally {
    await connection.end();
  }
}
