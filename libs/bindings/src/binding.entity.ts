import { Column, Entity, Index, VersionColumn } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';
import type { BindingStatus } from './binding-state.js';

@Entity('bindings')
// At most one live (pending or active) binding per (account, partner); NULLs do not collide.
@Index('uq_bindings_live', ['accountId', 'livePartnerId'], { unique: true })
@Index('idx_bindings_account', ['accountId', 'requestedAt', 'id'])
@Index('idx_bindings_partner', ['partnerId', 'requestedAt', 'id'])
@Index('idx_bindings_expiry', ['status', 'expiresAt'])
// Status-filtered lists (`?status=`): one status at a time reads a page in (requested_at, id) order and stops.
@Index('idx_bindings_account_status', ['accountId', 'status', 'requestedAt', 'id'])
@Index('idx_bindings_partner_status', ['partnerId', 'status', 'requestedAt', 'id'])
// A partner's live bindings in id order (the decertification job's keyset pages).
@Index('idx_bindings_live_partner', ['livePartnerId', 'id'])
export class BindingEntity {
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('account_id')
  accountId: string;

  @UuidColumn('partner_id')
  partnerId: string;

  /**
   * partner_id while the binding is live, NULL once it has ended: the unique index on
   * (account_id, live_partner_id) lets the database refuse a second live binding.
   * Set on insert and cleared by the same UPDATE that ends the binding.
   */
  @UuidColumn('live_partner_id', { nullable: true })
  livePartnerId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: BindingStatus;

  @UuidColumn('requested_by')
  requestedBy: string;

  @TimeColumn('requested_at')
  requestedAt: Date;

  @TimeColumn('expires_at')
  expiresAt: Date;

  @UuidColumn('responded_by', { nullable: true })
  respondedBy: string | null;

  @TimeColumn('responded_at', { nullable: true })
  respondedAt: Date | null;

  @UuidColumn('cancelled_by', { nullable: true })
  cancelledBy: string | null;

  @TimeColumn('cancelled_at', { nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'decline_reason', type: 'varchar', length: 500, nullable: true })
  declineReason: string | null;

  /** When the partner ended the binding (status terminated), and why if it said. */
  @TimeColumn('terminated_at', { nullable: true })
  terminatedAt: Date | null;

  @Column({ name: 'termination_reason', type: 'varchar', length: 500, nullable: true })
  terminationReason: string | null;

  /** What the binding grants the partner, in vocabulary order (docs/API.md#scopes); only ever narrowed. */
  @Column({ type: 'json', default: () => "'[]'" })
  scopes: string[];
  /** When the term ends (docs/API.md#fixed-terms); null: open-ended. Moved later (or cleared) by `extend`. */
  @TimeColumn('ends_at', { nullable: true })
  endsAt: Date | null;

  /** When the binding became `ended`: its endsAt (it counted as ended from then, whenever the job ran). */
  @TimeColumn('ended_at', { nullable: true })
  endedAt: Date | null;

  /** Bumped by every transition; transitions are conditional on it (see BindingsService). */
  @VersionColumn({ default: 1 })
  version: number;
}
