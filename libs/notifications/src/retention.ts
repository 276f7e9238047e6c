import { Inject, Injectable } from '@nestjs/common';
import type { IdRangePurgeOptions } from '@app/database';
import { SellerNoticesRepository } from './seller-notices.repository.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';

/**
 * Deletes old partner delivery logs and seller in-app notices (RETENTION_DELIVERIES_DAYS,
 * RETENTION_NOTICES_DAYS), a primary-key range at a time.
 */
@Injectable()
export class NotificationsRetention {
  constructor(
    @Inject(WebhookDeliveriesRepository) private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(SellerNoticesRepository) private readonly notices: SellerNoticesRepository,
  ) {}

  /**
   * Deliveries made before `before` that are over (delivered or failed). One still `pending` (retrying,
   * or a redelivery asked for) stays whatever its age: its job would otherwise find nothing to send.
   */
  purgeDeliveries(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return this.deliveries.purgeFinished(before, options);
  }

  /** Seller notices made before `before`, read or not (a notice's id is its event's id, made at the event). */
  purgeSellerNotices(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return this.notices.purge(before, options);
  }
}
