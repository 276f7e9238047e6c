// Bare baseline for the pipeline figure: plain BullMQ workers (no Nest) consuming the jobs the
// bare API publishes, doing the same work per notice as the service's worker minus its
// framework: read the partner's webhook URL and secret, sign the same body with the same
// scheme, POST it (fetch, keep-alive, no redirects, 5 s timeout) and record the delivery row;
// record the seller's in-app notice. Retries are left to BullMQ. Like the service it records the
// delivery before it sends (a pending row, then an UPDATE with the outcome: a crash mid-send leaves
// a trace) and caps the deliveries in flight to one partner across workers — written the plain way:
// INCR a per-partner counter before the POST (over the cap: DECR and retry later), DECR after it.
// The partner's signing secret is stored sealed (AES-256-GCM, `v1:<key id>:<iv>:<tag>:<ciphertext>`,
// bound to its row), so it is opened per notice with SECRETS_KEY, as the service does.
// Env: DB_NAME, SECRETS_KEY, BARE_QUEUE_PREFIX, DB_POOL_SIZE, WEBHOOK_WORKER_CONCURRENCY, WEBHOOK_PER_PARTNER_CONCURRENCY.
import { createDecipheriv, createHmac } from 'node:crypto';
import mysql from 'mysql2/promise';
import { DelayedError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';

const env = process.env;
const PREFIX = env.BARE_QUEUE_PREFIX ?? 'bare';
const pool = mysql.createPool({
  host: env.DB_HOST ?? '127.0.0.1',
  port: Number(env.DB_PORT ?? 3306),
  user: env.DB_USER ?? 'root',
  password: env.DB_PASSWORD ?? '',
  database: env.DB_NAME,
  connectionLimit: Number(env.DB_POOL_SIZE ?? 20),
  maxIdle: Number(env.DB_POOL_SIZE ?? 20),
  timezone: 'Z',
  charset: 'utf8mb4_unicode_ci',
  enableKeepAlive: true,
});
const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };

const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const PER_PARTNER = Number(env.WEBHOOK_PER_PARTNER_CONCURRENCY ?? 4);
const inflightKey = (partnerId) => `${PREFIX}:inflight:${partnerId}`;

const SECRETS_KEY = Buffer.from(env.SECRETS_KEY ?? '', 'base64');
function openSecret(sealed, partnerId) {
  const [, , iv, tag, ciphertext] = sealed.split(':');
  const decipher = createDecipheriv('aes-256-gcm', SECRETS_KEY, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(`partners.webhook_secret:${partnerId}`, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

const webhookBody = (n) => JSON.stringify({ id: n.eventId, type: n.type, createdAt: n.occurredAt, data: { binding: n.binding, account: n.account } });
const sign = (secret, body, t) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

const webhooks = new Worker(
  'partner-webhooks',
  async (job, token) => {
    const notice = job.data;
    const [[partner]] = await pool.execute('SELECT webhook_url, webhook_secret FROM partners WHERE id = ?', [notice.binding.partnerId]);
    if (!partner?.webhook_url) return 'no-url';
    const body = webhookBody(notice);
    const partnerId = notice.binding.partnerId;
    const id = uuidv7();
    await pool.execute(
      "INSERT IGNORE INTO webhook_deliveries (id, event_id, owner_id, type, body, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
      [id, notice.eventId, partnerId, notice.type, body, new Date(), new Date(notice.occurredAt)],
    );
    if ((await redis.incr(inflightKey(partnerId))) > PER_PARTNER) {
      await redis.decr(inflightKey(partnerId));
      await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), token); // step aside, as the service does
      throw new DelayedError();
    }
    let response;
    try {
      response = await fetch(partner.webhook_url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'bare-baseline/1',
          'x-event-id': notice.eventId,
          'x-event-type': notice.type,
          'x-delivery-attempt': String(job.attemptsMade + 1),
          'x-signature': sign(openSecret(partner.webhook_secret, partnerId), body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      await response.body?.cancel().catch(() => undefined);
    } finally {
      await redis.decr(inflightKey(partnerId));
    }
    if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
    await pool.execute(
      "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status_code = ?, delivered_at = ? WHERE event_id = ?",
      [response.status, new Date(), notice.eventId],
    );
    return 'delivered';
  },
  { connection, prefix: PREFIX, concurrency: Number(env.WEBHOOK_WORKER_CONCURRENCY ?? 64) },
);

const notices = new Worker(
  'seller-notices',
  async (job) => {
    const n = job.data;
    await pool.execute('INSERT IGNORE INTO seller_notices (id, account_id, type, binding_id, partner_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      n.eventId,
      n.binding.accountId,
      n.type,
      n.binding.id,
      n.binding.partnerId,
      new Date(n.occurredAt),
    ]);
  },
  { connection, prefix: PREFIX, concurrency: 8 },
);

// Expiry jobs are delayed by the TTL (7 days); the worker exists so the topology matches.
const expiry = new Worker('binding-expiry', async () => undefined, { connection, prefix: PREFIX, concurrency: 4 });

for (const w of [webhooks, notices, expiry]) w.on('failed', (job, error) => console.error(`${w.name} job ${job?.id} failed: ${error.message}`));
await Promise.all([webhooks.waitUntilReady(), notices.waitUntilReady(), expiry.waitUntilReady()]);
console.log('BARE_WORKER_READY');

async function shutdown() {
  await Promise.all([webhooks.close(), notices.close(), expiry.close()].map((p) => p.catch(() => undefined)));
  await pool.end().catch(() => undefined);
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
