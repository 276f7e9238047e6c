import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, prepareDatabase } from '@app/database';
import { testConfig } from '@app/testing';
import { ALL_ENTITIES } from './data-source.js';

/**
 * The migrations are the schema: after running them, generating a migration from the
 * entities must produce nothing (what `typeorm migration:generate --check` does).
 */
describe('schema drift', () => {
  const config = testConfig();
  let dataSource: DataSource;

  beforeAll(async () => {
    await prepareDatabase(config, { create: true });
    dataSource = await new DataSource(dataSourceOptions(config, ALL_ENTITIES)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(config);
  });

  it('has no difference between the migrated database and the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('has run every migration', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
