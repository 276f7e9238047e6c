// Live-partner limit (docs/API.md#live-limit): an account's own cap, overriding MAX_LIVE_PARTNERS_PER_ACCOUNT
// (NULL: the global setting applies; 0: no limit).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountLivePartnerLimit1795831000002 implements MigrationInterface {
  name = 'AccountLivePartnerLimit1795831000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`max_live_partners\` int NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`max_live_partners\``);
  }
}
