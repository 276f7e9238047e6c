import { QueryFailedError } from 'typeorm';

/** The driver's error: TypeORM wraps it, plain SQL on a mysql2 pool (Sql, multi-statement packets) does not. */
const driverError = (error: unknown) =>
  (error instanceof QueryFailedError ? error.driverError : error) as { code?: string; message?: string } | null | undefined;

/** True when an INSERT/UPDATE hit a unique index: the database said "already exists". */
export function isDuplicateKey(error: unknown): boolean {
  return driverError(error)?.code === 'ER_DUP_ENTRY';
}

/** True when the unique index `index` refused the write (to tell which value was taken). */
export function isDuplicateKeyOn(error: unknown, index: string): boolean {
  return isDuplicateKey(error) && String(driverError(error)?.message ?? '').includes(index);
}
