// Written by hand: partners' webhook signing secrets were stored in plain text. The column grows to hold a
// sealed value (`v1:<key id>:<iv>:<tag>:<ciphertext>`, see SecretBox) and every existing secret is sealed
// with SECRETS_KEY, read from the environment like the service reads it (the development key outside production).
import { MigrationInterface, QueryRunner } from 'typeorm';
import { SecretBox, rowSecretContext } from '@app/common';
import { loadSecretsKeys } from '@app/config';
import { resealSecrets } from '../sealed-secrets.js';

const secretsBox = () => {
  const keys = loadSecretsKeys();
  return new SecretBox(keys.current, keys.previous);
};

export class EncryptWebhookSecrets1795810000000 implements MigrationInterface {
  name = 'EncryptWebhookSecrets1795810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`partners\` MODIFY \`webhook_secret\` varchar(255) NOT NULL
        `);
    await resealSecrets(queryRunner, secretsBox(), { table: 'partners', column: 'webhook_secret' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const box = secretsBox();
    const rows: Array<{ id: string; value: string }> = await queryRunner.query(`SELECT id, webhook_secret AS value FROM \`partners\``);
    for (const row of rows) {
      if (!SecretBox.isSealed(row.value)) continue;
      const plaintext = box.open(row.value, rowSecretContext('partners', 'webhook_secret', row.id));
      await queryRunner.query(`UPDATE \`partners\` SET webhook_secret = ? WHERE id = ?`, [plaintext, row.id]);
    }
    await queryRunner.query(`
            ALTER TABLE \`partners\` MODIFY \`webhook_secret\` varchar(128) NOT NULL
        `);
  }
}
