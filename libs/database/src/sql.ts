import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface CallbackPool {
  query(sql: string, values: unknown[], callback: (error: Error | null, rows: unknown) => void): void;
}

/**
 * Plain SQL straight on the mysql2 pool, for the few reads that run on every request
 * (the guard's user lookup, the binding lists). TypeORM's query path (a query runner, a
 * promise wrapper with a captured stack, subscribers) costs more than the query itself
 * there. Reads only; state changes go through UnitOfWork.
 */
@Injectable()
export class Sql {
  private readonly pool: CallbackPool;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { pool: CallbackPool }).pool;
  }

  select<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
    return new Promise((resolve, reject) => this.pool.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as Row[]))));
  }
}
