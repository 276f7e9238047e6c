import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@app/config';
import { testConfig } from '@app/testing';
import { DatabaseModule } from './database.module.js';
import { dropDatabase, prepareDatabase } from './prepare-database.js';

const MYSQL8_DEFAULT = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

describe('pooled connections', () => {
  const config = testConfig({ DB_POOL_SIZE: '4', DB_SQL_MODE: MYSQL8_DEFAULT });
  let module: TestingModule;

  beforeAll(async () => {
    await prepareDatabase(config, { create: true });
    module = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot()] }).compile();
    await module.init();
  });

  afterAll(async () => {
    await module?.close();
    await dropDatabase(config);
  });

  it('all run at READ COMMITTED and in DB_SQL_MODE, including the one opened at start-up', async () => {
    const dataSource = module.get(DataSource);
    // Hold four connections at once so every pooled connection answers.
    const runners = await Promise.all([1, 2, 3, 4].map(async () => {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      return runner;
    }));
    try {
      const sessions = await Promise.all(runners.map(async (runner) => (await runner.query('SELECT @@tx_isolation AS level, @@sql_mode AS sqlMode'))[0]));
      expect(sessions).toEqual(Array(4).fill({ level: 'READ-COMMITTED', sqlMode: MYSQL8_DEFAULT }));
    } finally {
      await Promise.all(runners.map((runner) => runner.release()));
    }
  });
});
