// Status-filtered binding lists (`GET …/bindings?status=`, `GET /v1/partner/requests?status=`): with the status
// right after the owner in the key, one status reads its page in (requested_at, id) order and stops there,
// however many bindings of other statuses the account or partner has.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class BindingStatusIndexes1795810000002 implements MigrationInterface {
  name = 'BindingStatusIndexes1795810000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX \`idx_bindings_partner_status\` ON \`bindings\` (\`partner_id\`, \`status\`, \`requested_at\`, \`id\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_bindings_account_status\` ON \`bindings\` (\`account_id\`, \`status\`, \`requested_at\`, \`id\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_bindings_account_status\` ON \`bindings\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_bindings_partner_status\` ON \`bindings\`
        `);
  }
}
