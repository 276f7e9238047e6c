import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { createConnection } from 'mysql2/promise';
import { DataSource, type QueryRunner } from 'typeorm';
import { ConfigModule } from '@app/config';
import { testConfig } from '@app/testing';
import { DatabaseModule } from './database.module.js';
import { dropDatabase, prepareDatabase } from './prepare-database.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * Every connection of the pool runs with the session settings of connection-pool.ts, whichever
 * way it is reached: TypeORM's query runners and transactions, and the plain-SQL path.
 */
const MYSQL8_DEFAULT_SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

describe('pooled connections (MariaDB)', () => {
  const POOL_SIZE = 4;
  const config = testConfig({ DB_POOL_SIZE: String(POOL_SIZE), DB_SQL_MODE: MYSQL8_DEFAULT_SQL_MODE });
  const isolation = config.db.type === 'mysql' ? '@@SESSION.transaction_isolation' : '@@SESSION.tx_isolation';
  let module: TestingModule;
  let dataSource: DataSource;

  beforeAll(async () => {
    await prepareDatabase(config, { create: true });
    module = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot()] }).compile();
    await module.init();
    dataSource = module.get(DataSource);
  });

  afterAll(async () => {
    await module?.close();
    await dropDatabase(config);
  });

  /** This database's connections as the server sees them (from a connection outside the pool). */
  async function serverSideConnections(): Promise<number[]> {
    const admin = await createConnection({ host: config.db.host, port: config.db.port, user: config.db.user, password: config.db.password });
    try {
      const [rows] = await admin.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? ORDER BY ID', [config.db.name]);
      return (rows as Array<{ id: number }>).map((row) => Number(row.id));
    } finally {
      await admin.end();
    }
  }

  it('the connection TypeORM opened at start-up, read through the plain-SQL path, is at READ COMMITTED', async () => {
    // Nothing but start-up has used the pool yet: the one connection it holds is TypeORM's first.
    const [startup] = await serverSideConnections();
    const [row] = await module.get(Sql).select<{ id: number; level: string }>(`SELECT CONNECTION_ID() AS id, ${isolation} AS level`);
    expect({ id: Number(row!.id), level: row!.level }).toEqual({ id: startup, level: 'READ-COMMITTED' });
  });

  it('every pooled connection is at READ COMMITTED and in DB_SQL_MODE (all of them held at once, none left out)', async () => {
    const runners: QueryRunner[] = [];
    try {
      for (let i = 0; i < POOL_SIZE; i++) {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        runners.push(runner);
      }
      const seen = await Promise.all(
        runners.map(async (runner) => (await runner.query(`SELECT CONNECTION_ID() AS id, ${isolation} AS level, @@SESSION.sql_mode AS mode`))[0]),
      );
      expect(seen.map((row: { level: string }) => row.level)).toEqual(Array(POOL_SIZE).fill('READ-COMMITTED'));
      expect(seen.map((row: { mode: string }) => row.mode)).toEqual(Array(POOL_SIZE).fill(MYSQL8_DEFAULT_SQL_MODE));
      // The connections checked are all the connections this pool has on the server.
      expect(seen.map((row: { id: number }) => Number(row.id)).sort((a, b) => a - b)).toEqual(await serverSideConnections());
    } finally {
      await Promise.all(runners.map((runner) => runner.release()));
    }
  });

  it('a UnitOfWork transaction sees rows other connections committed after it started (what READ COMMITTED means)', async () => {
    const seen = await module.get(UnitOfWork).run(async (tx) => {
      const before = Number((await tx.query('SELECT COUNT(*) AS n FROM outbox'))[0].n);
      await dataSource.query("INSERT INTO outbox (id, queue_name, job_name, payload, delay_ms, created_at) VALUES (UUID(), 'probe', 'probe', '{}', 0, NOW(3))");
      const after = Number((await tx.query('SELECT COUNT(*) AS n FROM outbox'))[0].n);
      return { before, after };
    });
    expect(seen.after).toBe(seen.before + 1);
  });
});
