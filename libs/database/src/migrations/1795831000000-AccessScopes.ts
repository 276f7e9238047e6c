// Scopes (docs/API.md#scopes): what a partner offers and what each binding grants. Rows from before
// scopes existed offered and granted everything, so they get all eight.
import { MigrationInterface, QueryRunner } from 'typeorm';

const ALL_SCOPES = JSON.stringify([
  'products.read',
  'products.write',
  'orders.read',
  'orders.write',
  'finance.read',
  'analytics.read',
  'ads.write',
  'chats.write',
]);

export class AccessScopes1795831000000 implements MigrationInterface {
  name = 'AccessScopes1795831000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`partners\` ADD \`scopes\` json NULL`);
    await queryRunner.query(`ALTER TABLE \`bindings\` ADD \`scopes\` json NULL`);
    await queryRunner.query(`UPDATE \`partners\` SET \`scopes\` = ? WHERE \`scopes\` IS NULL`, [ALL_SCOPES]);
    await queryRunner.query(`UPDATE \`bindings\` SET \`scopes\` = ? WHERE \`scopes\` IS NULL`, [ALL_SCOPES]);
    // A partner inserted by hand offers everything, as one created through the API does by default.
    await queryRunner.query(`ALTER TABLE \`partners\` MODIFY \`scopes\` json NOT NULL DEFAULT ('${ALL_SCOPES}')`);
    // A row written by hand without scopes grants nothing rather than failing or granting everything.
    await queryRunner.query(`ALTER TABLE \`bindings\` MODIFY \`scopes\` json NOT NULL DEFAULT ('[]')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`bindings\` DROP COLUMN \`scopes\``);
    await queryRunner.query(`ALTER TABLE \`partners\` DROP COLUMN \`scopes\``);
  }
}
