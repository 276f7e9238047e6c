import { QueryFailedError } from 'typeorm';

/** True when an INSERT/UPDATE hit a unique index: the database said "already exists". */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === 'ER_DUP_ENTRY';
}
