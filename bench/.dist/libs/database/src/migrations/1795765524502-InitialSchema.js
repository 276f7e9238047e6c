export class InitialSchema1795765524502 {
    name = 'InitialSchema1795765524502';
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE \`outbox\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`queue_name\` varchar(64) NOT NULL,
                \`job_name\` varchar(64) NOT NULL,
                \`payload\` json NOT NULL,
                \`delay_ms\` bigint NOT NULL DEFAULT '0',
                \`created_at\` datetime(3) NOT NULL,
                \`claim_token\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL,
                \`claimed_until\` datetime(3) NULL,
                INDEX \`idx_outbox_claim\` (\`claim_token\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`accounts\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`name\` varchar(200) NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`seller_users\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`account_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`email\` varchar(254) NOT NULL,
                \`name\` varchar(200) NOT NULL,
                \`role\` varchar(16) NOT NULL,
                \`active\` tinyint NOT NULL DEFAULT 1,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_seller_users_account\` (\`account_id\`, \`role\`),
                UNIQUE INDEX \`uq_seller_users_email\` (\`email\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`partners\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`name\` varchar(200) NOT NULL,
                \`description\` varchar(2000) NOT NULL DEFAULT '',
                \`certified\` tinyint NOT NULL,
                \`contact_email\` varchar(254) NOT NULL,
                \`contact_phone\` varchar(50) NULL,
                \`contact_website\` varchar(2048) NULL,
                \`services\` json NOT NULL,
                \`webhook_url\` varchar(2048) NULL,
                \`webhook_secret\` varchar(128) NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_partners_catalogue\` (\`certified\`, \`name\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`partner_users\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`email\` varchar(254) NOT NULL,
                \`name\` varchar(200) NOT NULL,
                \`active\` tinyint NOT NULL DEFAULT 1,
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_partner_users_partner\` (\`partner_id\`),
                UNIQUE INDEX \`uq_partner_users_email\` (\`email\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`bindings\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`account_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`live_partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL,
                \`status\` varchar(16) NOT NULL,
                \`requested_by\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`requested_at\` datetime(3) NOT NULL,
                \`expires_at\` datetime(3) NOT NULL,
                \`responded_by\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL,
                \`responded_at\` datetime(3) NULL,
                \`cancelled_by\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL,
                \`cancelled_at\` datetime(3) NULL,
                \`decline_reason\` varchar(500) NULL,
                \`version\` int NOT NULL DEFAULT '1',
                INDEX \`idx_bindings_expiry\` (\`status\`, \`expires_at\`),
                INDEX \`idx_bindings_partner\` (\`partner_id\`, \`requested_at\`, \`id\`),
                INDEX \`idx_bindings_account\` (\`account_id\`, \`requested_at\`, \`id\`),
                UNIQUE INDEX \`uq_bindings_live\` (\`account_id\`, \`live_partner_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`binding_events\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`binding_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`type\` varchar(32) NOT NULL,
                \`actor_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL,
                \`actor_kind\` varchar(16) NOT NULL,
                \`from_status\` varchar(16) NULL,
                \`to_status\` varchar(16) NOT NULL,
                \`at\` datetime(3) NOT NULL,
                \`data\` json NULL,
                INDEX \`idx_binding_events_binding\` (\`binding_id\`, \`at\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`idempotency_keys\` (
                \`user_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`idem_key\` varchar(255) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NOT NULL,
                \`request_hash\` char(64) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`state\` varchar(16) NOT NULL,
                \`response_status\` int NULL,
                \`response_body\` json NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`expires_at\` datetime(3) NOT NULL,
                INDEX \`idx_idempotency_keys_expiry\` (\`expires_at\`),
                PRIMARY KEY (\`user_id\`, \`idem_key\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`seller_notices\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`account_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`type\` varchar(32) NOT NULL,
                \`binding_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`read_at\` datetime(3) NULL,
                INDEX \`idx_seller_notices_account\` (\`account_id\`, \`created_at\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
        await queryRunner.query(`
            CREATE TABLE \`webhook_deliveries\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`event_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`partner_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`type\` varchar(32) NOT NULL,
                \`body\` text NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`attempts\` int NOT NULL DEFAULT '0',
                \`last_status_code\` int NULL,
                \`last_error\` varchar(500) NULL,
                \`next_attempt_at\` datetime(3) NULL,
                \`delivered_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_webhook_deliveries_partner\` (\`partner_id\`, \`created_at\`, \`id\`),
                UNIQUE INDEX \`uq_webhook_deliveries_event\` (\`event_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    }
    async down(queryRunner) {
        await queryRunner.query(`
            DROP INDEX \`uq_webhook_deliveries_event\` ON \`webhook_deliveries\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_webhook_deliveries_partner\` ON \`webhook_deliveries\`
        `);
        await queryRunner.query(`
            DROP TABLE \`webhook_deliveries\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_seller_notices_account\` ON \`seller_notices\`
        `);
        await queryRunner.query(`
            DROP TABLE \`seller_notices\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_idempotency_keys_expiry\` ON \`idempotency_keys\`
        `);
        await queryRunner.query(`
            DROP TABLE \`idempotency_keys\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_binding_events_binding\` ON \`binding_events\`
        `);
        await queryRunner.query(`
            DROP TABLE \`binding_events\`
        `);
        await queryRunner.query(`
            DROP INDEX \`uq_bindings_live\` ON \`bindings\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_bindings_account\` ON \`bindings\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_bindings_partner\` ON \`bindings\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_bindings_expiry\` ON \`bindings\`
        `);
        await queryRunner.query(`
            DROP TABLE \`bindings\`
        `);
        await queryRunner.query(`
            DROP INDEX \`uq_partner_users_email\` ON \`partner_users\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_partner_users_partner\` ON \`partner_users\`
        `);
        await queryRunner.query(`
            DROP TABLE \`partner_users\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_partners_catalogue\` ON \`partners\`
        `);
        await queryRunner.query(`
            DROP TABLE \`partners\`
        `);
        await queryRunner.query(`
            DROP INDEX \`uq_seller_users_email\` ON \`seller_users\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_seller_users_account\` ON \`seller_users\`
        `);
        await queryRunner.query(`
            DROP TABLE \`seller_users\`
        `);
        await queryRunner.query(`
            DROP TABLE \`accounts\`
        `);
        await queryRunner.query(`
            DROP INDEX \`idx_outbox_claim\` ON \`outbox\`
        `);
        await queryRunner.query(`
            DROP TABLE \`outbox\`
        `);
    }
}
//# sourceMappingURL=1795765524502-InitialSchema.js.map