import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { purgeByIdRange, type IdRangePurgeOptions } from '@app/database';

/**
 * Deletes old sent-email records, a primary-key range at a time. A record is what keeps a re-run
 * e-mail job from sending twice, so one still `pending` (its job retrying) stays whatever its age;
 * finished ones go with the delivery logs (RETENTION_DELIVERIES_DAYS), long after their jobs are gone.
 */
@Injectable()
export class MailRetention {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  purgeSentEmails(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(this.db, 'sent_emails', before, "DELETE FROM sent_emails WHERE id >= ? AND id < ? AND status <> 'pending'", options);
  }
}
