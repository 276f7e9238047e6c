import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';
import type { BindingStatus } from './binding-state.js';

export const ACTOR_KINDS = ['seller', 'partner', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The audit trail: one row per transition, written in the transition's transaction. */
@Entity('binding_events')
@Index('idx_binding_events_binding', ['bindingId', 'at', 'id'])
// The audit export's keyset reads: one owner's events in (at, id) order.
@Index('idx_binding_events_account', ['accountId', 'at', 'id'])
@Index('idx_binding_events_partner', ['partnerId', 'at', 'id'])
export class BindingEventEntity {
  /** Also the notices' event id, so receivers de-duplicate on it. */
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('binding_id')
  bindingId: string;

  /** The binding's account and partner, copied when the event is written (they never change): the export reads by them. */
  @UuidColumn('account_id')
  accountId: string;

  @UuidColumn('partner_id')
  partnerId: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @UuidColumn('actor_id', { nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind: ActorKind;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: BindingStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: BindingStatus;

  @TimeColumn('at')
  at: Date;

  @Column({ type: 'json', nullable: true })
  data: Record<string, string> | null;
}
