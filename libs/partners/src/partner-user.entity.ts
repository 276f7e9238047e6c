import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';

@Entity('partner_users')
@Index('uq_partner_users_email', ['email'], { unique: true })
@Index('idx_partner_users_partner', ['partnerId'])
export class PartnerUserEntity {
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('partner_id')
  partnerId: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;
}
