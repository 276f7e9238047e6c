import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'mysql2';
import { DataSource } from 'typeorm';
import { connectionPool } from './connection-pool.js';

/**
 * Plain SQL straight on the mysql2 pool, for the few reads that run on every request
 * (the guard's user lookup, the binding lists) and the single autocommit statements of the
 * worker's per-notice path (a delivery row, a seller notice). TypeORM's query path (a query
 * runner, a promise wrapper with a captured stack, subscribers) costs more than the query itself
 * there. A state change with an outbox message or more than one statement goes through UnitOfWork.
 */
@Injectable()
export class Sql {
  private readonly pool: Pool;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.pool = connectionPool(dataSource);
  }

  select<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
    return new Promise((resolve, reject) => this.pool.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as unknown as Row[]))));
  }

  /** One autocommit INSERT, UPDATE or DELETE; how many rows it changed. */
  write(sql: string, values: unknown[] = []): Promise<{ affectedRows: number }> {
    return new Promise((resolve, reject) =>
      this.pool.query(sql, values, (error, result) =>
        error ? reject(error) : resolve({ affectedRows: (result as { affectedRows?: number }).affectedRows ?? 0 }),
      ),
    );
  }
}
