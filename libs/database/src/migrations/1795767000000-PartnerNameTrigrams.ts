// Written by hand: the catalogue's trigram index (libs/partners/src/partner-name-trigram.entity.ts), filled from the partners already stored.
// The table is what `typeorm migration:generate` makes of the entity; `trigram` and `name` take partners.name's exact character set and
// collation (utf8mb4_unicode_ci in every database this service creates), so a window matches exactly when LIKE's characters would, and
// postings sort by name exactly as the catalogue does. Each posting carries the partner's `certified` and `name`: the primary key
// (trigram, certified, name, partner_id) lists a trigram's certified partners in catalogue order, so a search reads one page of them.
// The backfill is one INSERT … SELECT over the character positions 1..198 of varchar(200) (a recursive CTE: MariaDB 10.2+ and MySQL 8).
import { MigrationInterface, QueryRunner } from 'typeorm';
import { partnerNameCollation } from './partner-name-collation.js';

/** Postings for every partner already there (also used by the benchmark after it seeds partners in bulk). */
export const BACKFILL_PARTNER_NAME_TRIGRAMS = `
            INSERT IGNORE INTO \`partner_name_trigrams\` (\`trigram\`, \`certified\`, \`name\`, \`partner_id\`)
            WITH RECURSIVE \`positions\` (\`n\`) AS (
                SELECT 1
                UNION ALL
                SELECT \`n\` + 1 FROM \`positions\` WHERE \`n\` < 198
            )
            SELECT DISTINCT SUBSTRING(LOWER(\`p\`.\`name\`), \`positions\`.\`n\`, 3), \`p\`.\`certified\`, \`p\`.\`name\`, \`p\`.\`id\`
            FROM \`partners\` \`p\`
            INNER JOIN \`positions\` ON \`positions\`.\`n\` <= CHAR_LENGTH(\`p\`.\`name\`) - 2
`;

export class PartnerNameTrigrams1795767000000 implements MigrationInterface {
  name = 'PartnerNameTrigrams1795767000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const { charset, collation } = await partnerNameCollation(queryRunner);
    await queryRunner.query(`
            CREATE TABLE \`partner_name_trigrams\` (
                \`trigram\` varchar(3) CHARACTER SET "${charset}" COLLATE "${collation}" NOT NULL,
                \`certified\` tinyint NOT NULL,
                \`name\` varchar(200) CHARACTER SET "${charset}" COLLATE "${collation}" NOT NULL,
                \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                PRIMARY KEY (\`trigram\`, \`certified\`, \`name\`, \`partner_id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(BACKFILL_PARTNER_NAME_TRIGRAMS);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE \`partner_name_trigrams\`
        `);
  }
}
