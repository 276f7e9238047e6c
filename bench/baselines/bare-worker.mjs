// Bare baseline for the pipeline figure: plain BullMQ workers (no Nest) consuming the jobs the
// bare API publishes, doing the same work per notice as the service's worker minus its
// framework: read the partner's webhook URL and secret, sign the same body with the same
// scheme, POST it (fetch, keep-alive, no redirects, 5 s timeout) and record the delivery row;
// record the seller's in-app notice. Retries are left to BullMQ. What it does NOT do, and the
// service does: the per-partner in-flight cap (a Redis Lua call + ZREM per delivery) and the
// pending-then-delivered two-step of the delivery log (one INSERT here instead of
// INSERT + SELECT + SELECT + UPDATE).
// Env: DB_NAME, BARE_QUEUE_PREFIX, DB_POOL_SIZE, WEBHOOK_WORKER_CONCURRENCY.
import { createHmac } from 'node:crypto';
import mysql from 'mysql2/promise';
import { Worker } from 'bullmq';
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

const webhookBody = (n) => JSON.stringify({ id: n.eventId, type: n.type, createdAt: n.occurredAt, data: { binding: n.binding, account: n.account } });
const sign = (secret, body, t) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

const webhooks = new Worker(
  'partner-webhooks',
  async (job) => {
    const notice = job.data;
    const [[partner]] = await pool.execute('SELECT webhook_url, webhook_secret FROM partners WHERE id = ?', [notice.binding.partnerId]);
    if (!partner?.webhook_url) return 'no-url';
    const body = webhookBody(notice);
    const response = await fetch(partner.webhook_url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'bare-baseline/1',
        'x-event-id': notice.eventId,
        'x-event-type': notice.type,
        'x-delivery-attempt': String(job.attemptsMade + 1),
        'x-signature': sign(partner.webhook_secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
    const now = new Date();
    await pool.execute(
      "INSERT IGNORE INTO webhook_deliveries (id, event_id, owner_id, type, body, status, attempts, last_status_code, delivered_at, created_at) VALUES (?, ?, ?, ?, ?, 'delivered', ?, ?, ?, ?)",
      [uuidv7(), notice.eventId, notice.binding.partnerId, notice.type, body, job.attemptsMade + 1, response.status, now, new Date(notice.occurredAt)],
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

await Promise.all([webhooks.waitUntilReady(), notices.waitUntilReady(), expiry.waitUntilReady()]);
console.log('BARE_WORKER_READY');

async function shutdown() {
  await Promise.all([webhooks.close(), notices.close(), expiry.close()].map((p) => p.catch(() => undefined)));
  await pool.end().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
