import { Entity, Index, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '@app/database';

/**
 * A moment something must happen to a live binding (docs/API.md#retention): its request expires, its
 * term ends, or a reminder is due. Written in the transaction that arms it, deleted by the one that
 * makes it moot or fires it, so a row exists only while there is something left to do.
 */
@Entity('binding_timers')
@Index('idx_binding_timers_due', ['dueAt'])
export class BindingTimerEntity {
  @PrimaryColumn({ name: 'binding_id', type: 'char', length: 36, charset: 'ascii', collation: 'ascii_bin' })
  bindingId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  /** Seconds before `armedFor` (reminders); 0 for the expiry and the end themselves. */
  @PrimaryColumn({ name: 'offset_seconds', type: 'int', default: 0 })
  offsetSeconds: number;

  @TimeColumn('due_at')
  dueAt: Date;

  /** The expiresAt or endsAt this timer was armed for; a timer for a moment that has since moved is dropped unfired. */
  @TimeColumn('armed_for')
  armedFor: Date;
}
