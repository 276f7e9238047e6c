// Fixed terms: when a binding's term ends (NULL: open-ended) and when it ended. The end itself is a row in
// binding_timers (kind binding_end), so no index on ends_at is needed.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class BindingTerms1795830000001 implements MigrationInterface {
  name = 'BindingTerms1795830000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`bindings\` ADD \`ends_at\` datetime(3) NULL
        `);
    await queryRunner.query(`
            ALTER TABLE \`bindings\` ADD \`ended_at\` datetime(3) NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`bindings\` DROP COLUMN \`ended_at\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`bindings\` DROP COLUMN \`ends_at\`
        `);
  }
}
