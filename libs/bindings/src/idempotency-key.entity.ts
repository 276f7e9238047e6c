import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimeColumn, UuidColumn } from '@app/database';

/**
 * An Idempotency-Key seen on a binding request, scoped to the user, kept 24 h.
 * The primary key makes concurrent first uses race in the database: one wins.
 */
@Entity('idempotency_keys')
@Index('idx_idempotency_keys_expiry', ['expiresAt'])
export class IdempotencyKeyEntity {
  @UuidColumn('user_id', { primary: true })
  userId: string;

  @PrimaryColumn({ name: 'idem_key', type: 'varchar', length: 255, charset: 'utf8mb4', collation: 'utf8mb4_bin' })
  key: string;

  /** SHA-256 of the request (path and body): another body under the same key is refused. */
  @Column({ name: 'request_hash', type: 'char', length: 64, charset: 'ascii', collation: 'ascii_bin' })
  requestHash: string;

  @Column({ type: 'varchar', length: 16 })
  state: 'in_progress' | 'completed';

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'json', nullable: true })
  responseBody: object | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @TimeColumn('expires_at')
  expiresAt: Date;
}
