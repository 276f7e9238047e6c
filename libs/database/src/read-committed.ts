import type { DataSource } from 'typeorm';

const SET_READ_COMMITTED = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

interface PooledConnection {
  query(sql: string): unknown;
}

interface Mysql2Pool {
  on(event: 'connection', listener: (connection: PooledConnection) => void): void;
  _allConnections?: { toArray(): PooledConnection[] };
}

/**
 * Every pooled connection runs at READ COMMITTED: concurrent writers and the outbox relay's
 * lease take no gap locks on each other (REPEATABLE READ, MySQL's default, would stall
 * inserts behind the relay). Set once per connection rather than per transaction, which
 * would cost a round trip on every write. The statement is queued on the connection before
 * anything its first user sends; so is the configured sql_mode, when there is one.
 */
export function useReadCommitted(dataSource: DataSource, sqlMode?: string): void {
  const statements = sqlMode === undefined ? [SET_READ_COMMITTED] : [SET_READ_COMMITTED, setSqlMode(sqlMode)];
  const prepare = (connection: PooledConnection) => statements.forEach((statement) => connection.query(statement));
  const pool = (dataSource.driver as unknown as { pool?: Mysql2Pool }).pool;
  if (!pool) throw new Error('Expected a mysql2 connection pool');
  pool.on('connection', prepare);
  // The connection TypeORM opened to check the server was made before this listener.
  for (const connection of pool._allConnections?.toArray() ?? []) prepare(connection);
}

/**
 * DB_SQL_MODE (e.g. MySQL 8's strict default) on every connection, so the suite proves the SQL runs
 * under it. The config admits only letters, _ and commas, so quoting the value is enough.
 */
function setSqlMode(sqlMode: string): string {
  return `SET SESSION sql_mode = '${sqlMode}'`;
}
