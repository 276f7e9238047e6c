import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { purgeByIdRange, purgeInBatches, type IdRangePurgeOptions } from '@app/database';
import { BindingsRepository } from './bindings.repository.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * Deletes what this module keeps only for a while: the audit trail of long-ended bindings
 * (RETENTION_EVENTS_DAYS) and expired Idempotency-Keys (kept 24 h).
 */
@Injectable()
export class BindingsRetention {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BindingsRepository) private readonly bindings: BindingsRepository,
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
  ) {}

  /**
   * The events of bindings that ended before `endedBefore`. A binding's trail goes whole, never in
   * part: the events of a live (pending or active) binding stay however old they are, and an ended
   * binding's stay until its last event, the one that ended it, is older than `endedBefore`. The
   * binding row itself stays. Found with a plain read per range, then deleted by primary key (MySQL
   * refuses a DELETE that reads its own table in a subquery).
   */
  purgeEvents(endedBefore: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(this.db, 'binding_events', endedBefore, (from, to) => this.bindings.purgeEndedEvents(from, to, endedBefore), options);
  }

  /** Idempotency-Keys past their 24 h, oldest first through their expiry index, a batch per statement. */
  purgeExpiredIdempotencyKeys(now: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeInBatches(async () => {
      const deleted = await this.idempotency.purgeExpired(now, options.batchSize);
      return { deleted, more: deleted === options.batchSize };
    }, options);
  }
}
