import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';

/** An in-app notice to a seller account. Its id is the event id, so a re-run job cannot add it twice. */
@Entity('seller_notices')
@Index('idx_seller_notices_account', ['accountId', 'createdAt', 'id'])
export class SellerNoticeEntity {
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('account_id')
  accountId: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @UuidColumn('binding_id')
  bindingId: string;

  @UuidColumn('partner_id')
  partnerId: string;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('read_at', { nullable: true })
  readAt: Date | null;
}
