import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unique index uq_bindings_live only sees live_partner_id. This CHECK ties that column
 * to the status, so the database itself refuses a live (pending/active) binding that does
 * not hold the slot, or an ended one that still does (docs/API.md#state-machine: one live binding per pair,
 * enforced by the database). TypeORM does not model CHECKs for MySQL, so it causes no drift.
 */
export class BindingsLiveCheck1795765810318 implements MigrationInterface {
  name = 'BindingsLiveCheck1795765810318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`bindings\` ADD CONSTRAINT \`chk_bindings_live_partner\` CHECK (
                (\`status\` IN ('pending', 'active') AND \`live_partner_id\` IS NOT NULL AND \`live_partner_id\` = \`partner_id\`)
                OR (\`status\` NOT IN ('pending', 'active') AND \`live_partner_id\` IS NULL)
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // MariaDB and MySQL 8 both accept DROP CONSTRAINT for a CHECK.
    await queryRunner.query(`ALTER TABLE \`bindings\` DROP CONSTRAINT \`chk_bindings_live_partner\``);
  }
}
