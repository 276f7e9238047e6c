import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from './columns.js';

/**
 * A job (or a notice event, which the relay expands into its channel jobs) that a committed
 * state change implies, written in the same transaction as the change (transactional outbox).
 * The relay publishes it to BullMQ with deterministic jobIds (the row id, or
 * `<event id>.<channel>`), then deletes it; a crash in between only republishes the same jobIds.
 */
@Entity('outbox')
@Index('idx_outbox_claim', ['claimToken'])
export class OutboxEntity {
  @UuidPrimaryColumn()
  id: string;

  @Column({ name: 'queue_name', type: 'varchar', length: 64 })
  queueName: string;

  @Column({ name: 'job_name', type: 'varchar', length: 64 })
  jobName: string;

  @Column({ name: 'payload', type: 'json' })
  payload: unknown;

  /** Milliseconds BullMQ should hold the job before running it (expiry timers). */
  @Column({ name: 'delay_ms', type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  delayMs: number;

  @TimeColumn('created_at')
  createdAt: Date;

  /** The X-Request-Id of the request that caused the job; workers and webhooks carry it on. */
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  /** A relay's lease on this row; expired leases are taken over by another relay. */
  @UuidColumn('claim_token', { nullable: true })
  claimToken: string | null;

  @TimeColumn('claimed_until', { nullable: true })
  claimedUntil: Date | null;
}
