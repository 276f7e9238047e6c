import { v7, validate } from 'uuid';

/** Time-ordered UUIDs (v7): new rows land at the end of the primary-key index. */
export function newId(): string {
  return v7();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && validate(value);
}

/**
 * The smallest UUIDv7 made at `time` (its first 48 bits are the Unix time in milliseconds). Ids are
 * compared as lower-case ASCII, so every id made before `time` sorts below it: "rows older than a
 * moment" is a primary-key range, which is how old rows are found and deleted without a time index.
 */
export function firstIdAt(time: Date): string {
  const ms = Math.max(0, Math.floor(time.getTime())).toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7000-8000-000000000000`;
}
