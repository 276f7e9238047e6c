// Written by hand. A webhook delivery belongs to an endpoint owner (a partner, or a seller account's own
// webhook), not to a partner: `partner_id` becomes `owner_id` beside `owner_kind`, so one delivery log,
// one gate, one redelivery rule serve both. `generation` counts redelivery chains: the redeliver request
// bumps it in the one conditional UPDATE that reopens the delivery, and an attempt records its outcome
// only while the row still has the generation its job carries. One event may go to a partner and to the
// seller's webhook, so the event is unique per owner. Seller accounts' webhook endpoints get their table
// (the secret sealed like partners' secrets).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookEndpointOwners1795833000000 implements MigrationInterface {
  name = 'WebhookEndpointOwners1795833000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`webhook_deliveries\`
                CHANGE \`partner_id\` \`owner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                ADD \`owner_kind\` varchar(16) NOT NULL DEFAULT 'partner',
                ADD \`generation\` int NOT NULL DEFAULT '0',
                DROP INDEX \`idx_webhook_deliveries_partner\`,
                DROP INDEX \`uq_webhook_deliveries_event\`,
                ADD UNIQUE INDEX \`uq_webhook_deliveries_owner_event\` (\`event_id\`, \`owner_kind\`, \`owner_id\`),
                ADD INDEX \`idx_webhook_deliveries_owner\` (\`owner_kind\`, \`owner_id\`, \`created_at\`, \`id\`),
                ADD INDEX \`idx_webhook_deliveries_owner_status\` (\`owner_kind\`, \`owner_id\`, \`status\`, \`created_at\`, \`id\`)
        `);
    await queryRunner.query(`
            CREATE TABLE \`seller_webhooks\` (
                \`account_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`url\` varchar(2048) NOT NULL,
                \`secret\` varchar(255) NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                PRIMARY KEY (\`account_id\`)
            ) ENGINE = InnoDB
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`seller_webhooks\``);
    await queryRunner.query(`DELETE FROM \`webhook_deliveries\` WHERE \`owner_kind\` <> 'partner'`);
    await queryRunner.query(`
            ALTER TABLE \`webhook_deliveries\`
                DROP INDEX \`idx_webhook_deliveries_owner_status\`,
                DROP INDEX \`idx_webhook_deliveries_owner\`,
                DROP INDEX \`uq_webhook_deliveries_owner_event\`,
                ADD UNIQUE INDEX \`uq_webhook_deliveries_event\` (\`event_id\`),
                ADD INDEX \`idx_webhook_deliveries_partner\` (\`owner_id\`, \`created_at\`, \`id\`),
                DROP \`generation\`,
                DROP \`owner_kind\`,
                CHANGE \`owner_id\` \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL
        `);
  }
}
