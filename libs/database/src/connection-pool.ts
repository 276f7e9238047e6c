import { createPool, type Pool, type PoolConnection, type PoolOptions } from 'mysql2';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';

/**
 * Session settings every pooled connection applies once, as it opens: the one place for them.
 * Each statement is queued on the new connection before anything its first user sends, so no
 * query of the service runs without them.
 */
export function sessionStatements(config: AppConfig): string[] {
  return [
    // Concurrent writers and the outbox relay's lease take no gap locks on each other (REPEATABLE
    // READ, the server default, would stall inserts behind the relay). Once per connection rather
    // than per transaction, which would cost a round trip on every write.
    'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
    // DB_SQL_MODE (e.g. MySQL 8's strict default), so the SQL is proven to run under it. The config
    // admits only letters, _ and commas, so quoting the value is enough.
    ...(config.db.sqlMode === undefined ? [] : [`SET SESSION sql_mode = '${config.db.sqlMode}'`]),
  ];
}

/**
 * mysql2 as TypeORM's documented `driver` option. TypeORM opens its pool through `createPool`
 * here, and the session statements are attached to the pool's public `connection` event before
 * the pool has opened anything, so they cover every connection, the one TypeORM opens at start-up
 * to check the server included. The plain-SQL path (`Sql`) reads through the same pool.
 */
export class SessionPoolDriver {
  private opened: Pool | null = null;

  constructor(private readonly statements: readonly string[]) {}

  createPool(options: PoolOptions): Pool {
    const pool = createPool(options);
    pool.on('connection', (connection) => this.applySession(connection));
    this.opened = pool;
    return pool;
  }

  /** TypeORM asks for this only with `replication` options, which this service does not use. */
  createPoolCluster(): never {
    throw new Error('Replication is not configured here: session settings cover single pools only.');
  }

  get pool(): Pool {
    if (!this.opened) throw new Error('The data source has not been initialised yet.');
    return this.opened;
  }

  private applySession(connection: PoolConnection): void {
    for (const statement of this.statements) {
      // A connection that could not take a setting is closed rather than used without it: the
      // statement queued behind this one fails instead of running under other rules.
      connection.query(statement, (error) => {
        if (error) connection.destroy();
      });
    }
  }
}

/** The mysql2 pool behind a data source made from dataSourceOptions(), for plain SQL. */
export function connectionPool(dataSource: DataSource): Pool {
  const driver: unknown = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb' ? dataSource.options.driver : undefined;
  if (!(driver instanceof SessionPoolDriver)) throw new Error('This data source was not made from dataSourceOptions(), so its pool has no session settings.');
  return driver.pool;
}

/**
 * A pool of its own whose queries may hold several statements (`multipleStatements`), for a write that
 * sends its whole transaction in one packet. Same server, credentials, charset, time zone and session
 * settings as the main pool. With this flag an injected `;` would start a second statement, so what is
 * sent on it must be constant SQL with `?` placeholders only (mysql2 escapes the values), and it serves
 * only the code path that opened it. Connections open on first use; the owner ends the pool.
 */
export function openMultiStatementPool(config: AppConfig, connectionLimit: number): Pool {
  return new SessionPoolDriver(sessionStatements(config)).createPool({
    host: config.db.host,
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
    database: config.db.name,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    connectTimeout: 3000,
    connectionLimit,
    maxIdle: connectionLimit,
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
    multipleStatements: true,
  });
}
