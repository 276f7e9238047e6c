import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many certified postings each trigram has in partner_name_trigrams. The catalogue reads the
 * counts of a query's sampled windows (primary-key look-ups) to choose the rarest one. Kept exact by
 * the postings writer (name-postings.ts): each change counts the rows it actually inserts or deletes,
 * in the same transaction. `trigram` takes the database's collation on purpose (the migration copies
 * `partners.name`'s), as in partner_name_trigrams.
 */
@Entity('partner_name_trigram_counts')
export class PartnerNameTrigramCountEntity {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  trigram: string;

  @Column({ type: 'int' })
  postings: number;
}
