// Closing an account (accounts.active) and the module events' keyset pages: an account's live bindings are read
// through uq_bindings_live (account_id, live_partner_id); a partner's through (live_partner_id, id).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModuleEvents1795832000001 implements MigrationInterface {
  name = 'ModuleEvents1795832000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`accounts\` ADD \`active\` tinyint NOT NULL DEFAULT 1
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_bindings_live_partner\` ON \`bindings\` (\`live_partner_id\`, \`id\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_bindings_live_partner\` ON \`bindings\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`accounts\` DROP COLUMN \`active\`
        `);
  }
}
