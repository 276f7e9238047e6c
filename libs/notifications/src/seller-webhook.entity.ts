import { Column, Entity } from 'typeorm';
import { TimeColumn, UuidPrimaryColumn } from '@app/database';

/** A seller account's own webhook endpoint (one per account). The secret is sealed (SecretBox), bound to the account id. */
@Entity('seller_webhooks')
export class SellerWebhookEntity {
  @UuidPrimaryColumn('account_id')
  accountId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 255 })
  secret: string;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}
