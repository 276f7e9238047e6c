import { Entity, PrimaryColumn } from 'typeorm';
import { UuidPrimaryColumn } from '@app/database';

/**
 * The catalogue's substring index: one row per distinct 3-character window of a partner's
 * name (see name-postings.ts). Each posting also carries the partner's `certified` and `name`,
 * so the primary key (trigram, certified, name, partner_id) lists a trigram's certified partners
 * in catalogue order (name, id): a search reads the postings of its rarest window from the
 * cursor on, checks LIKE on the posting's own name, and stops after one page.
 *
 * `trigram` and `name` have no charset or collation of their own on purpose: like `partners.name`
 * they take the database's (utf8mb4_unicode_ci in every database this service creates), and the
 * migration copies `partners.name`'s exact collation, so `trigram = ?` and `name LIKE ?` compare
 * exactly as `partners.name LIKE ?` does and postings sort exactly as the catalogue.
 * Rows are written only by PartnersService (create, rename, certification change), in the same
 * transaction as the partner.
 */
@Entity('partner_name_trigrams')
export class PartnerNameTrigramEntity {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  trigram: string;

  @PrimaryColumn({ type: 'boolean' })
  certified: boolean;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  name: string;

  @UuidPrimaryColumn('partner_id')
  partnerId: string;
}
