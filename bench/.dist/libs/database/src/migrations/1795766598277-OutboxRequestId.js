export class OutboxRequestId1795766598277 {
    name = 'OutboxRequestId1795766598277';
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE \`outbox\`
            ADD \`request_id\` varchar(128) NULL
        `);
    }
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE \`outbox\` DROP COLUMN \`request_id\`
        `);
    }
}
//# sourceMappingURL=1795766598277-OutboxRequestId.js.map