import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidPrimaryColumn } from '@app/database';
import { ACCESS_SCOPES } from './access-scopes.js';

@Entity('partners')
// The catalogue lists certified partners by name; (certified, name, id) serves the filter,
// the order and the keyset cursor from one index, and LIKE is checked on the index entries.
@Index('idx_partners_catalogue', ['certified', 'name', 'id'])
export class PartnerEntity {
  @UuidPrimaryColumn()
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description: string;

  @Column({ type: 'boolean' })
  certified: boolean;

  @Column({ name: 'contact_email', type: 'varchar', length: 254 })
  contactEmail: string;

  @Column({ name: 'contact_phone', type: 'varchar', length: 50, nullable: true })
  contactPhone: string | null;

  @Column({ name: 'contact_website', type: 'varchar', length: 2048, nullable: true })
  contactWebsite: string | null;

  @Column({ type: 'json' })
  services: string[];

  /** The scopes this partner offers (docs/API.md#scopes), in vocabulary order; all of them unless the operator said otherwise. */
  @Column({ type: 'json', default: () => `'${JSON.stringify(ACCESS_SCOPES)}'` })
  scopes: string[];

  @Column({ name: 'webhook_url', type: 'varchar', length: 2048, nullable: true })
  webhookUrl: string | null;

  /** HMAC key for webhook signatures, sealed with SECRETS_KEY (SecretBox); shown to the partner only when created or rotated. */
  @Column({ name: 'webhook_secret', type: 'varchar', length: 255 })
  webhookSecret: string;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}
