import { Entity, PrimaryColumn } from 'typeorm';
import { UuidPrimaryColumn } from '@app/database';

/**
 * The catalogue's index for queries of 1 or 2 characters: one row per distinct window of 1 and of
 * 2 characters of a partner's name (see name-postings.ts), keyed like partner_name_trigrams, so a
 * short query reads the postings of the query itself in catalogue order (name, id) and stops after
 * one page instead of walking the name index for matches.
 *
 * `gram` and `name` take the database's collation on purpose (the migration copies `partners.name`'s),
 * as in partner_name_trigrams. Rows are written only by PartnersService (create, rename, certification
 * change), in the same transaction as the partner and its trigram postings.
 */
@Entity('partner_name_bigrams')
export class PartnerNameBigramEntity {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  gram: string;

  @PrimaryColumn({ type: 'boolean' })
  certified: boolean;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  name: string;

  @UuidPrimaryColumn('partner_id')
  partnerId: string;
}
