export class SentEmails1795766708489 {
    name = 'SentEmails1795766708489';
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE \`sent_emails\` (
                \`id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`event_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`recipient\` varchar(254) NOT NULL,
                \`type\` varchar(32) NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`attempts\` int NOT NULL DEFAULT '0',
                \`message_id\` varchar(255) NULL,
                \`last_error\` varchar(1000) NULL,
                \`claim_token\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NULL,
                \`claimed_until\` datetime(3) NULL,
                \`sent_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_sent_emails_event_recipient\` (\`event_id\`, \`recipient\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    }
    async down(queryRunner) {
        await queryRunner.query(`
            DROP INDEX \`uq_sent_emails_event_recipient\` ON \`sent_emails\`
        `);
        await queryRunner.query(`
            DROP TABLE \`sent_emails\`
        `);
    }
}
//# sourceMappingURL=1795766708489-SentEmails.js.map