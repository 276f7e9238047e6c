import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SecretBox } from '@app/common';
import { loadSecretsKeys, type AppConfig } from '@app/config';
import { MIGRATIONS, SEALED_SECRET_COLUMNS, resealSecrets } from '@app/database';
import { verifyWebhookSignature } from '@partner-binding/client/webhooks';
import { TestStack, WebhookReceiver, World, waitFor } from '@app/testing';
import { createWorkerApp } from '../apps/worker/src/bootstrap.js';

const newKey = () => randomBytes(32).toString('base64');
const tag = () => randomBytes(3).toString('hex');

/** Every row of every table as text: what a database dump would hold. */
async function dumpEveryTable(dataSource: DataSource): Promise<string> {
  const tables: Array<{ name: string }> = await dataSource.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
  let dump = '';
  for (const { name } of tables) dump += `${name}\n${JSON.stringify(await dataSource.query(`SELECT * FROM \`${name}\``))}\n`;
  return dump;
}

describe('webhook secrets at rest', () => {
  const firstKey = newKey();
  const secondKey = newKey();
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let world: World;
  let dataSource: DataSource;
  const workers: INestApplication[] = [];

  /** The same service with other SECRETS_KEY / SECRETS_PREVIOUS_KEYS (what a rotation changes). */
  const withKeys = (current: string, previous: string[] = []): AppConfig => ({
    ...stack.config,
    secretsKeys: loadSecretsKeys({ SECRETS_KEY: current, SECRETS_PREVIOUS_KEYS: previous.join(',') }),
  });

  async function useWorker(config: AppConfig): Promise<void> {
    await stack.stopWorker();
    for (const worker of workers.splice(0)) await worker.close();
    const worker = await createWorkerApp(config, { logger: false });
    await worker.init();
    workers.push(worker);
  }

  /** Binds `partner` and returns the signed webhook it received. */
  async function notify(partner: { id: string }, path: string) {
    const seller = await world.seller();
    const before = receiver.deliveredTo(path).length;
    await world.bind(seller, partner as never);
    await waitFor(() => receiver.deliveredTo(path).length > before, { what: `a webhook on ${path}` });
    return receiver.deliveredTo(path).at(-1)!;
  }

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({ env: { SECRETS_KEY: firstKey } });
    world = new World(stack.client);
    dataSource = stack.api.get(DataSource);
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await stack?.stop();
    await receiver?.stop();
  });

  it('a dump of every table holds no webhook secret in plain text, before and after rotations, and signatures verify', async () => {
    const paths = [`/a-${tag()}`, `/b-${tag()}`];
    const partners = [];
    for (const path of paths) partners.push(await world.partner({ webhookUrl: receiver.url(path) }));
    const rotated = await stack.client.post('/v1/partner/webhook/rotate-secret', partners[1]!.user.token);
    expect(rotated.status).toBe(200);
    const secrets = [...partners.map((p) => p.webhookSecret), rotated.body.secret as string];

    const first = await notify(partners[0]!, paths[0]!);
    expect(verifyWebhookSignature(partners[0]!.webhookSecret, first.rawBody, String(first.headers['x-signature']))).toBe(true);
    const second = await notify(partners[1]!, paths[1]!);
    expect(verifyWebhookSignature(rotated.body.secret, second.rawBody, String(second.headers['x-signature']))).toBe(true);

    const dump = await dumpEveryTable(dataSource);
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      // Nor the random part alone (e.g. stored without its prefix).
      expect(dump).not.toContain(secret.replace(/^whsec_/, ''));
    }
    const stored: Array<{ webhook_secret: string }> = await dataSource.query(
      'SELECT webhook_secret FROM partners WHERE id IN (?, ?)',
      partners.map((p) => p.id),
    );
    for (const row of stored) expect(row.webhook_secret).toMatch(/^v1:[0-9a-f]{8}:/);
  });

  it('rotating SECRETS_KEY: old values stay readable, new ones use the new key, resealing retires the old key', async () => {
    const path = `/rotation-${tag()}`;
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const [firstId, secondId] = [firstKey, secondKey].map((key) => loadSecretsKeys({ SECRETS_KEY: key }).current.id);

    // Step 1: new key in SECRETS_KEY, the old one in SECRETS_PREVIOUS_KEYS. The old value still signs.
    await useWorker(withKeys(secondKey, [firstKey]));
    let hook = await notify(partner, path);
    expect(verifyWebhookSignature(partner.webhookSecret, hook.rawBody, String(hook.headers['x-signature']))).toBe(true);

    // Step 2: reseal (`npm run secrets:reseal`): every stored secret now opens with the new key alone.
    const box = new SecretBox(withKeys(secondKey, [firstKey]).secretsKeys.current, withKeys(secondKey, [firstKey]).secretsKeys.previous);
    for (const target of SEALED_SECRET_COLUMNS) await resealSecrets(dataSource, box, target);
    const values: Array<{ v: string }> = await dataSource.query('SELECT webhook_secret AS v FROM partners');
    expect(values.every((row) => row.v.startsWith(`v1:${secondId}:`))).toBe(true);
    expect(values.some((row) => row.v.includes(firstId!))).toBe(false);

    // Step 3: the old key removed. Deliveries still verify with the partner's unchanged secret.
    await useWorker(withKeys(secondKey));
    hook = await notify(partner, path);
    expect(verifyWebhookSignature(partner.webhookSecret, hook.rawBody, String(hook.headers['x-signature']))).toBe(true);
  });

  it('the migration seals secrets that were stored in plain text before it', async () => {
    const path = `/legacy-${tag()}`;
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const legacySecret = `whsec_${randomBytes(32).toString('base64url')}`;
    await dataSource.query('UPDATE partners SET webhook_secret = ? WHERE id = ?', [legacySecret, partner.id]);

    // The migration reads the key from the environment, as `npm run migration:run` would.
    const runner = dataSource.createQueryRunner();
    const environmentKey = process.env.SECRETS_KEY;
    process.env.SECRETS_KEY = secondKey;
    try {
      const EncryptWebhookSecrets = MIGRATIONS.find((migration) => migration.name === 'EncryptWebhookSecrets1795810000000')!;
      await new EncryptWebhookSecrets().up(runner);
    } finally {
      if (environmentKey === undefined) delete process.env.SECRETS_KEY;
      else process.env.SECRETS_KEY = environmentKey;
      await runner.release();
    }
    expect(await dumpEveryTable(dataSource)).not.toContain(legacySecret);
    await useWorker(withKeys(secondKey));
    const hook = await notify(partner, path);
    expect(verifyWebhookSignature(legacySecret, hook.rawBody, String(hook.headers['x-signature']))).toBe(true);
  });
});
