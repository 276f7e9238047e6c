// Written by hand: the catalogue's index for 1- and 2-character queries (libs/partners/src/partner-name-bigram.entity.ts), filled from the
// partners already stored. Like partner_name_trigrams (1795767000000), `gram` and `name` take partners.name's exact character set and
// collation, and the primary key (gram, certified, name, partner_id) lists a window's certified partners in catalogue order: a query of
// one or two characters reads one short range of it instead of walking the name index. The backfill takes every window of 1 and of 2
// characters over the character positions 1..200 of varchar(200) (a recursive CTE, as the trigram backfill), except those that end in a
// space (the collation pads with spaces: 'a ' is the key 'a'; see nameShortGrams in libs/partners/src/name-postings.ts).
import { MigrationInterface, QueryRunner } from 'typeorm';
import { partnerNameCollation } from './partner-name-collation.js';

/** Postings for every partner already there (also used by the benchmark after it seeds partners in bulk). */
export const BACKFILL_PARTNER_NAME_BIGRAMS = `
            INSERT IGNORE INTO \`partner_name_bigrams\` (\`gram\`, \`certified\`, \`name\`, \`partner_id\`)
            WITH RECURSIVE \`positions\` (\`n\`) AS (
                SELECT 1
                UNION ALL
                SELECT \`n\` + 1 FROM \`positions\` WHERE \`n\` < 200
            ), \`widths\` (\`w\`) AS (
                SELECT 1 UNION ALL SELECT 2
            )
            SELECT DISTINCT SUBSTRING(LOWER(\`p\`.\`name\`), \`positions\`.\`n\`, \`widths\`.\`w\`), \`p\`.\`certified\`, \`p\`.\`name\`, \`p\`.\`id\`
            FROM \`partners\` \`p\`
            INNER JOIN \`positions\` ON \`positions\`.\`n\` <= CHAR_LENGTH(\`p\`.\`name\`)
            INNER JOIN \`widths\` ON \`positions\`.\`n\` + \`widths\`.\`w\` - 1 <= CHAR_LENGTH(\`p\`.\`name\`)
            WHERE ORD(SUBSTRING(\`p\`.\`name\`, \`positions\`.\`n\` + \`widths\`.\`w\` - 1, 1)) <> 32
`;

export class PartnerNameBigrams1795834000000 implements MigrationInterface {
  name = 'PartnerNameBigrams1795834000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const { charset, collation } = await partnerNameCollation(queryRunner);
    await queryRunner.query(`
            CREATE TABLE \`partner_name_bigrams\` (
                \`gram\` varchar(2) CHARACTER SET "${charset}" COLLATE "${collation}" NOT NULL,
                \`certified\` tinyint NOT NULL,
                \`name\` varchar(200) CHARACTER SET "${charset}" COLLATE "${collation}" NOT NULL,
                \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                PRIMARY KEY (\`gram\`, \`certified\`, \`name\`, \`partner_id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(BACKFILL_PARTNER_NAME_BIGRAMS);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE \`partner_name_bigrams\`
        `);
  }
}
