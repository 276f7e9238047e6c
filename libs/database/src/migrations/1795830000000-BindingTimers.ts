// Binding timers (request expiry, end of term, reminders) as due-time rows in MySQL instead of one delayed
// BullMQ job per request: a row lives only while its binding is live, so Redis holds no per-binding state.
// One row per (binding, kind, offset); the due_at index lets the sweep claim what is due in small batches.
// Requests already pending at deploy get their expiry row here (their old delayed jobs still run, harmlessly).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class BindingTimers1795830000000 implements MigrationInterface {
  name = 'BindingTimers1795830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`binding_timers\` (
                \`binding_id\` char(36) CHARACTER SET "ascii" COLLATE "ascii_bin" NOT NULL,
                \`kind\` varchar(32) NOT NULL,
                \`offset_seconds\` int NOT NULL DEFAULT '0',
                \`due_at\` datetime(3) NOT NULL,
                \`armed_for\` datetime(3) NOT NULL,
                INDEX \`idx_binding_timers_due\` (\`due_at\`),
                PRIMARY KEY (\`binding_id\`, \`kind\`, \`offset_seconds\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            INSERT INTO \`binding_timers\` (\`binding_id\`, \`kind\`, \`offset_seconds\`, \`due_at\`, \`armed_for\`)
            SELECT \`id\`, 'request_expiry', 0, \`expires_at\`, \`expires_at\` FROM \`bindings\` WHERE \`status\` = 'pending'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE \`binding_timers\`
        `);
  }
}
