import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newId } from '@app/common';
import { Sql } from './sql.js';

export interface ClaimedOutboxRow {
  id: string;
  queueName: string;
  jobName: string;
  payload: unknown;
  delayMs: number;
  createdAt: Date;
  requestId: string | null;
}

/** The metrics count the backlog up to this many rows ("at least" beyond it). */
export const BACKLOG_COUNT_CAP = 100_000;

/**
 * The relay's side of the outbox: lease a batch, publish it, delete it.
 * The lease is one short autocommit UPDATE, so no transaction is held open while
 * the relay talks to Redis, and several relays can share the table. The relay's statements (a few per
 * batch) are plain SQL on the pool.
 */
@Injectable()
export class OutboxStore {
  private readonly sql: Sql;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    this.sql = new Sql(dataSource);
  }

  async claimBatch(limit: number, leaseMs: number): Promise<ClaimedOutboxRow[]> {
    const token = newId();
    const now = new Date();
    const result = await this.sql.write(
      'UPDATE outbox SET claim_token = ?, claimed_until = ? WHERE claimed_until IS NULL OR claimed_until < ? ORDER BY id LIMIT ?',
      [token, new Date(now.getTime() + leaseMs), now, limit],
    );
    if (result.affectedRows === 0) return [];
    const rows = await this.sql.select<{
      id: string;
      queue_name: string;
      job_name: string;
      payload: unknown;
      delay_ms: string | number;
      created_at: Date;
      request_id: string | null;
    }>('SELECT id, queue_name, job_name, payload, delay_ms, created_at, request_id FROM outbox WHERE claim_token = ? ORDER BY id', [token]);
    return rows.map((row) => ({
      id: row.id,
      queueName: row.queue_name,
      jobName: row.job_name,
      payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
      delayMs: Number(row.delay_ms),
      createdAt: new Date(row.created_at),
      requestId: row.request_id,
    }));
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.write(`DELETE FROM outbox WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  }

  /** Let another attempt take these rows at once (publishing failed). */
  async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.write(`UPDATE outbox SET claim_token = NULL, claimed_until = NULL WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  }

  /**
   * The metrics' view of the backlog: rows counted up to BACKLOG_COUNT_CAP (a bounded walk of the primary
   * key, whatever the backlog) and the oldest row's age found by the time-ordered id (one index entry).
   */
  async boundedBacklog(): Promise<{ count: number; oldestAgeMs: number }> {
    const [[counted], [oldest]] = await Promise.all([
      this.dataSource.query(`SELECT COUNT(*) AS count FROM (SELECT 1 FROM outbox LIMIT ${BACKLOG_COUNT_CAP}) capped`),
      this.dataSource.query('SELECT created_at FROM outbox ORDER BY id LIMIT 1'),
    ]);
    return { count: Number(counted?.count ?? 0), oldestAgeMs: oldest?.created_at ? Math.max(0, Date.now() - new Date(oldest.created_at).getTime()) : 0 };
  }

  /** Rows waiting to be published and the age of the oldest, for tests. */
  async backlog(): Promise<{ count: number; oldestAgeMs: number }> {
    const [row] = await this.dataSource.query('SELECT COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox');
    const oldest = row?.oldest ? new Date(row.oldest) : null;
    return { count: Number(row?.count ?? 0), oldestAgeMs: oldest ? Math.max(0, Date.now() - oldest.getTime()) : 0 };
  }
}
