import { afterAll, describe, expect, it } from '@jest/globals';
import { createConnection, type Connection } from 'mysql2/promise';
import { sleep, testConfig } from '@app/testing';
import { dropDatabase, migrationLockName, prepareDatabase } from './prepare-database.js';

/**
 * Migrations run under a named lock per database: an API and a worker starting together on one
 * database take turns, while runs on other databases of the same server never wait for them.
 */
describe('prepareDatabase (MariaDB)', () => {
  const one = testConfig();
  const other = testConfig();

  afterAll(async () => {
    await dropDatabase(one);
    await dropDatabase(other);
  });

  /** Holds a database's migration lock on a connection of its own, as a process in the middle of migrating would. */
  async function holdLockOf(databaseName: string): Promise<Connection> {
    const connection = await createConnection({ host: one.db.host, port: one.db.port, user: one.db.user, password: one.db.password });
    const [[row]] = (await connection.query('SELECT GET_LOCK(?, 5) AS acquired', [migrationLockName(databaseName)])) as unknown as [
      Array<{ acquired: number }>,
    ];
    expect(Number(row!.acquired)).toBe(1);
    return connection;
  }

  it('migrates another database while this one is being migrated', async () => {
    const holder = await holdLockOf(one.db.name);
    try {
      const ran = await prepareDatabase(other, { create: true });
      expect(ran.length).toBeGreaterThan(0);
    } finally {
      await holder.end();
    }
  });

  it('waits for the process already migrating the same database', async () => {
    const holder = await holdLockOf(one.db.name);
    let settled = false;
    const migrating = prepareDatabase(one, { create: true }).finally(() => (settled = true));
    try {
      await sleep(1000);
      expect(settled).toBe(false);
    } finally {
      await holder.end();
    }
    expect((await migrating).length).toBeGreaterThan(0);
  });
});
