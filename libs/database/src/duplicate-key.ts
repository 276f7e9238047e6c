import { QueryFailedError } from 'typeorm';

/** True when an INSERT/UPDATE hit a unique index: the database said "already exists". */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === 'ER_DUP_ENTRY';
}

/** True when the unique index `index` refused the write (to tell which value was taken). */
export function isDuplicateKeyOn(error: unknown, index: string): boolean {
  return isDuplicateKey(error) && String((error as QueryFailedError).driverError?.message ?? '').includes(index);
}
