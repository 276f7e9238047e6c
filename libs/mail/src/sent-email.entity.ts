import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';

export type SentEmailStatus = 'pending' | 'sent' | 'failed';

/**
 * One notice e-mail to one recipient. The unique (event, recipient) pair is what keeps a
 * re-run job from sending twice; the claim columns stop two runs of the same job from
 * sending at once, and a claim left by a crashed worker lapses after a while (at-least-once).
 */
@Entity('sent_emails')
@Index('uq_sent_emails_event_recipient', ['eventId', 'recipient'], { unique: true })
export class SentEmailEntity {
  @UuidPrimaryColumn()
  id: string;

  /** The audit event the e-mail tells of (the same id as the webhook's X-Event-Id). */
  @UuidColumn('event_id')
  eventId: string;

  /** Lower-cased address. */
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 16 })
  status: SentEmailStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @UuidColumn('claim_token', { nullable: true })
  claimToken: string | null;

  @TimeColumn('claimed_until', { nullable: true })
  claimedUntil: Date | null;

  @TimeColumn('sent_at', { nullable: true })
  sentAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
