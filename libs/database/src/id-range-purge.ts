import type { DataSource } from 'typeorm';
import { firstIdAt } from '@app/common';

export interface IdRangePurgeOptions {
  /** Rows per statement: each batch is one short DELETE that commits on its own. */
  batchSize: number;
  /** Stop after the batch that ends past this time (epoch ms); the next run carries on. */
  deadline: number;
}

/** One batch of a purge: how many rows went, and whether anything is left to look at. */
export interface PurgeBatch {
  deleted: number;
  more: boolean;
}

/**
 * Runs `batch` until nothing is left or the deadline passes. After each batch it waits as long as the batch
 * took, so a purge takes at most about half of one connection's time and backs off by itself when the
 * database is busy: the requests running beside it come first.
 */
export async function purgeInBatches(batch: () => Promise<PurgeBatch>, options: IdRangePurgeOptions): Promise<number> {
  let deleted = 0;
  for (;;) {
    const started = Date.now();
    const result = await batch();
    deleted += result.deleted;
    if (!result.more || Date.now() > options.deadline) return deleted;
    await new Promise((resolve) => setTimeout(resolve, Date.now() - started));
  }
}

/**
 * Deletes the rows with `from <= id < to` that may go: a DELETE whose two placeholders take `from` and
 * `to`, or a function that does it and returns how many rows went.
 */
export type DeleteRange = string | ((from: string, to: string) => Promise<number>);

/**
 * Deletes a table's rows made before `before`, one primary-key range at a time. Ids are UUIDv7 (time first),
 * so the rows made before a moment are exactly the ids below `firstIdAt(moment)`: each batch finds where the
 * next `batchSize` ids of that range end (a plain read of the primary key, no locks) and hands the range to
 * `deleteRange`, which deletes what may go in it with its own statement. No statement scans more than one
 * range, and each commits on its own, so no lock is held for longer than one batch.
 *
 * `table` is a constant of the calling module, never input.
 */
export function purgeByIdRange(db: DataSource, table: string, before: Date, deleteRange: DeleteRange, options: IdRangePurgeOptions): Promise<number> {
  const bound = firstIdAt(before);
  let from = ''; // sorts below every id
  return purgeInBatches(async () => {
    // The first id after this batch; with fewer than a batch left, the range runs up to the bound.
    const [next] = await db.query(`SELECT id FROM ${table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 1 OFFSET ?`, [from, bound, options.batchSize]);
    const to: string = next?.id ?? bound;
    const deleted = typeof deleteRange === 'string' ? affectedRows(await db.query(deleteRange, [from, to])) : await deleteRange(from, to);
    from = to;
    return { deleted, more: next !== undefined };
  }, options);
}

/** Rows changed by a DELETE or UPDATE sent with DataSource.query (mysql2's result header). */
export function affectedRows(result: unknown): number {
  return Number((result as { affectedRows?: number } | undefined)?.affectedRows ?? 0);
}
