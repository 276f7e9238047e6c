import { Entity, PrimaryColumn } from 'typeorm';
import { UuidPrimaryColumn } from '@app/database';

/**
 * The catalogue's substring index: one row per distinct 3-character window of a partner's
 * name (see name-trigrams.ts). A search for a fragment of 3+ characters can then start from
 * the partners that contain its rarest window instead of walking every name.
 *
 * `trigram` has no charset or collation of its own on purpose: like `partners.name` it takes the
 * database's (utf8mb4_unicode_ci in every database this service creates), and the migration
 * copies `partners.name`'s exact collation, so `trigram = ?` is case- and accent-insensitive in
 * exactly the way `name LIKE ?` is. Rows are written only by PartnersService (create, rename).
 */
@Entity('partner_name_trigrams')
export class PartnerNameTrigramEntity {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  trigram: string;

  @UuidPrimaryColumn('partner_id')
  partnerId: string;
}
