import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { affectedRows, purgeByIdRange, purgeInBatches, type IdRangePurgeOptions } from '@app/database';
import { LIVE_STATUSES } from './binding-state.js';

/**
 * Deletes what this module keeps only for a while: the audit trail of long-ended bindings
 * (RETENTION_EVENTS_DAYS) and expired Idempotency-Keys (kept 24 h).
 */
@Injectable()
export class BindingsRetention {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * The events of bindings that ended before `endedBefore`. A binding's trail goes whole, never in
   * part: the events of a live (pending or active) binding stay however old they are, and an ended
   * binding's stay until its last event, the one that ended it, is older than `endedBefore`. The
   * binding row itself stays. Found with a plain read per range, then deleted by primary key (MySQL
   * refuses a DELETE that reads its own table in a subquery).
   */
  purgeEvents(endedBefore: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(
      this.db,
      'binding_events',
      endedBefore,
      async (from, to) => {
        const rows: Array<{ id: string }> = await this.db.query(
          `SELECT e.id FROM binding_events e
         INNER JOIN bindings b ON b.id = e.binding_id
         WHERE e.id >= ? AND e.id < ? AND b.status NOT IN (?)
           AND NOT EXISTS (SELECT 1 FROM binding_events later WHERE later.binding_id = e.binding_id AND later.at >= ?)`,
          [from, to, LIVE_STATUSES, endedBefore],
        );
        if (rows.length === 0) return 0;
        return affectedRows(await this.db.query('DELETE FROM binding_events WHERE id IN (?)', [rows.map((row) => row.id)]));
      },
      options,
    );
  }

  /** Idempotency-Keys past their 24 h, oldest first through their expiry index, a batch per statement. */
  purgeExpiredIdempotencyKeys(now: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeInBatches(async () => {
      const deleted = affectedRows(
        await this.db.query('DELETE FROM idempotency_keys WHERE expires_at < ? ORDER BY expires_at LIMIT ?', [now, options.batchSize]),
      );
      return { deleted, more: deleted === options.batchSize };
    }, options);
  }
}
