// Written by hand: how many certified postings each trigram has (libs/partners/src/partner-name-trigram-count.entity.ts), filled from the
// postings already stored. The catalogue chooses the window a query reads by these counts: a few primary-key look-ups instead of counting
// each sampled window's postings on every search. `trigram` takes partners.name's exact character set and collation, as in
// partner_name_trigrams, so windows equal under the collation share one count, as they share one posting per partner.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { partnerNameCollation } from './partner-name-collation.js';

/** The counts of the postings already there, recounted (also used by the benchmark after it seeds partners in bulk). */
export const BACKFILL_PARTNER_NAME_TRIGRAM_COUNTS = `
            INSERT INTO \`partner_name_trigram_counts\` (\`trigram\`, \`postings\`)
            SELECT \`trigram\`, COUNT(*) FROM \`partner_name_trigrams\` WHERE \`certified\` = 1 GROUP BY \`trigram\`
            ON DUPLICATE KEY UPDATE \`postings\` = VALUES(\`postings\`)
`;

export class PartnerNameTrigramCounts1795834000001 implements MigrationInterface {
  name = 'PartnerNameTrigramCounts1795834000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const { charset, collation } = await partnerNameCollation(queryRunner);
    await queryRunner.query(`
            CREATE TABLE \`partner_name_trigram_counts\` (
                \`trigram\` varchar(3) CHARACTER SET "${charset}" COLLATE "${collation}" NOT NULL,
                \`postings\` int NOT NULL,
                PRIMARY KEY (\`trigram\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(BACKFILL_PARTNER_NAME_TRIGRAM_COUNTS);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE \`partner_name_trigram_counts\`
        `);
  }
}
