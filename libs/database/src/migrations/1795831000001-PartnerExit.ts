// Partner exit (docs/API.md#partner-exit): a partner ends an active binding as `terminated`, with an
// optional reason. The status column already fits 'terminated'; the live CHECK treats it as ended.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class PartnerExit1795831000001 implements MigrationInterface {
  name = 'PartnerExit1795831000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`bindings\`
            ADD \`terminated_at\` datetime(3) NULL,
            ADD \`termination_reason\` varchar(500) NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`bindings\` DROP COLUMN \`termination_reason\`, DROP COLUMN \`terminated_at\``);
  }
}
