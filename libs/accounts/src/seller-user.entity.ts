import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';
import type { SellerRole } from './seller-role.js';

@Entity('seller_users')
@Index('uq_seller_users_email', ['email'], { unique: true })
@Index('idx_seller_users_account', ['accountId', 'role'])
@Index('uq_seller_users_external_subject', ['externalSubject'], { unique: true })
export class SellerUserEntity {
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('account_id')
  accountId: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: SellerRole;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;

  /** The `sub` of this user's tokens from the marketplace's identity provider (JWT_JWKS_URL), set by the operator. */
  @Column({ name: 'external_subject', type: 'varchar', length: 255, nullable: true })
  externalSubject: string | null;

  /** Tokens issued at or before this moment are refused (set when the user is deactivated). */
  @TimeColumn('tokens_valid_after', { nullable: true })
  tokensValidAfter: Date | null;
}
