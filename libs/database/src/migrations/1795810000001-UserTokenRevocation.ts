// Per user: the subject of their tokens from the marketplace's identity provider (unique, set by the
// operator) and the moment before which their tokens are refused (set on deactivation).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class UserTokenRevocation1795810000001 implements MigrationInterface {
  name = 'UserTokenRevocation1795810000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`seller_users\`
            ADD \`external_subject\` varchar(255) NULL,
            ADD \`tokens_valid_after\` datetime(3) NULL,
            ADD UNIQUE INDEX \`uq_seller_users_external_subject\` (\`external_subject\`)
        `);
    await queryRunner.query(`
            ALTER TABLE \`partner_users\`
            ADD \`external_subject\` varchar(255) NULL,
            ADD \`tokens_valid_after\` datetime(3) NULL,
            ADD UNIQUE INDEX \`uq_partner_users_external_subject\` (\`external_subject\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`partner_users\` DROP INDEX \`uq_partner_users_external_subject\`, DROP COLUMN \`tokens_valid_after\`, DROP COLUMN \`external_subject\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`seller_users\` DROP INDEX \`uq_seller_users_external_subject\`, DROP COLUMN \`tokens_valid_after\`, DROP COLUMN \`external_subject\`
        `);
  }
}
