// The audit export reads an account's (or a partner's) events oldest first, a page at a time from the last
// (at, id) it sent. With the owner on the event row, (account_id | partner_id, at, id) serves filter, order and
// keyset at once: each page is one index range read, however many bindings and events the owner has. Through a
// join with bindings, every page would gather and sort all of the owner's remaining events again.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditExportKeys1795832000000 implements MigrationInterface {
  name = 'AuditExportKeys1795832000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`binding_events\`
                ADD \`account_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL,
                ADD \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL
        `);
    // Events are never updated otherwise; a binding's account and partner never change.
    await queryRunner.query(`
            UPDATE \`binding_events\` e JOIN \`bindings\` b ON b.\`id\` = e.\`binding_id\`
            SET e.\`account_id\` = b.\`account_id\`, e.\`partner_id\` = b.\`partner_id\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`binding_events\`
                MODIFY \`account_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                MODIFY \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_binding_events_account\` ON \`binding_events\` (\`account_id\`, \`at\`, \`id\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_binding_events_partner\` ON \`binding_events\` (\`partner_id\`, \`at\`, \`id\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_binding_events_partner\` ON \`binding_events\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_binding_events_account\` ON \`binding_events\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`binding_events\` DROP COLUMN \`partner_id\`, DROP COLUMN \`account_id\`
        `);
  }
}
