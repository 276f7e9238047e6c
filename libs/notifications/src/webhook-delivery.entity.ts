import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';
import type { EndpointOwnerKind } from './endpoint-owner.js';

/** A delivery is pending while attempts remain, then delivered or failed (the log's status filter takes these). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event to one owner's endpoint (a partner's or a seller account's), with its attempts: the owner's delivery log. */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_owner_event', ['eventId', 'ownerKind', 'ownerId'], { unique: true })
@Index('idx_webhook_deliveries_owner', ['ownerKind', 'ownerId', 'createdAt', 'id'])
@Index('idx_webhook_deliveries_owner_status', ['ownerKind', 'ownerId', 'status', 'createdAt', 'id'])
export class WebhookDeliveryEntity {
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('event_id')
  eventId: string;

  @Column({ name: 'owner_kind', type: 'varchar', length: 16, default: 'partner' })
  ownerKind: EndpointOwnerKind;

  @UuidColumn('owner_id')
  ownerId: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  /** The exact bytes sent (and signed) on every attempt, so retries are identical. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /**
   * The redelivery chain the row belongs to: bumped by the one conditional UPDATE that reopens a
   * finished delivery. A job carries the generation it was made for and records nothing once it moved on.
   */
  @Column({ type: 'int', default: 0 })
  generation: number;

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
