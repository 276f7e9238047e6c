import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { purgeByIdRange, type IdRangePurgeOptions } from '@app/database';

/**
 * Deletes old partner delivery logs and seller in-app notices (RETENTION_DELIVERIES_DAYS,
 * RETENTION_NOTICES_DAYS), a primary-key range at a time.
 */
@Injectable()
export class NotificationsRetention {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Deliveries made before `before` that are over (delivered or failed). One still `pending` (retrying,
   * or a redelivery asked for) stays whatever its age: its job would otherwise find nothing to send.
   */
  purgeDeliveries(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(this.db, 'webhook_deliveries', before, "DELETE FROM webhook_deliveries WHERE id >= ? AND id < ? AND status <> 'pending'", options);
  }

  /** Seller notices made before `before`, read or not (a notice's id is its event's id, made at the event). */
  purgeSellerNotices(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(this.db, 'seller_notices', before, 'DELETE FROM seller_notices WHERE id >= ? AND id < ?', options);
  }
}
