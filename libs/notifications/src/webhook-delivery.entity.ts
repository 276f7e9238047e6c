import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';

/** A delivery is pending while attempts remain, then delivered or failed (the log's status filter takes these). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One notice to one partner's endpoint, with its attempts: the partner's delivery log. */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_event', ['eventId'], { unique: true })
@Index('idx_webhook_deliveries_partner', ['partnerId', 'createdAt', 'id'])
export class WebhookDeliveryEntity {
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('event_id')
  eventId: string;

  @UuidColumn('partner_id')
  partnerId: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  /** The exact bytes sent (and signed) on every attempt, so retries are identical. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @TimeColumn('next_attempt_at', { nullable: true })
  nextAttemptAt: Date | null;

  @TimeColumn('delivered_at', { nullable: true })
  deliveredAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
