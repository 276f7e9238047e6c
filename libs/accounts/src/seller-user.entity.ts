import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';
import type { SellerRole } from './seller-role.js';

@Entity('seller_users')
@Index('uq_seller_users_email', ['email'], { unique: true })
@Index('idx_seller_users_account', ['accountId', 'role'])
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
}
