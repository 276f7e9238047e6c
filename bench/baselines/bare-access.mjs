// Bare baseline for the access check (GET /v1/operator/access): what the service does per request,
// written by hand on Fastify + mysql2 (no Nest, no class-validator): compare the operator token in
// constant time, with BARE_RATE_LIMIT=1 count the caller's IP budget in Redis (one pipelined
// INCR + PEXPIRE, as the service's rate limit does while it is on), check the three parameters, then
// the same single read of the live-binding unique index, and answer { allowed, bindingId, scopes, endsAt }.
// Env: PORT, DB_NAME, OPERATOR_TOKEN, BARE_QUEUE_PREFIX, BARE_RATE_LIMIT, DB_POOL_SIZE.
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';

const env = process.env;
const PORT = Number(env.PORT ?? 3101);
const digest = (value) => createHash('sha256').update(value).digest();
const OPERATOR = digest(env.OPERATOR_TOKEN);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPES = new Set(['products.read', 'products.write', 'orders.read', 'orders.write', 'finance.read', 'analytics.read', 'ads.write', 'chats.write']);
const WINDOW_MS = 60_000;

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
const redis = env.BARE_RATE_LIMIT === '1' ? new Redis({ host: '127.0.0.1', port: 6379, enableAutoPipelining: true }) : null;
const budgetKey = (ip) => `${env.BARE_QUEUE_PREFIX ?? 'bare'}:rate-limit:ip:${ip}`;

const problem = (reply, status, code, detail) =>
  reply.code(status).type('application/problem+json').send({ type: 'about:blank', title: code, status, detail, code });
const NONE = { allowed: false, bindingId: null, scopes: [], endsAt: null };

const app = Fastify({ logger: false });
app.get('/v1/operator/access', async (request, reply) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match || !timingSafeEqual(digest(match[1]), OPERATOR)) return problem(reply, 401, 'UNAUTHENTICATED', 'operator token required');
  if (redis) {
    const key = budgetKey(request.ip);
    await redis.multi().incr(key).pexpire(key, WINDOW_MS, 'NX').exec();
  }
  const { accountId, partnerId, scope } = request.query;
  if (typeof accountId !== 'string' || !UUID.test(accountId) || typeof partnerId !== 'string' || !UUID.test(partnerId) || !SCOPES.has(scope)) {
    return problem(reply, 400, 'VALIDATION_FAILED', 'accountId, partnerId (UUIDs) and scope are required');
  }
  const [[row]] = await pool.query('SELECT id, status, scopes, expires_at FROM bindings WHERE account_id = ? AND live_partner_id = ? LIMIT 1', [
    accountId,
    partnerId,
  ]);
  if (!row || (row.status === 'pending' && row.expires_at.getTime() <= Date.now())) return NONE;
  const scopes = typeof row.scopes === 'string' ? JSON.parse(row.scopes) : row.scopes;
  return { allowed: row.status === 'active' && scopes.includes(scope), bindingId: row.id, scopes, endsAt: null };
});

await app.listen({ port: PORT, host: '127.0.0.1' });
console.log('BARE_ACCESS_READY');
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () =>
    app
      .close()
      .then(() => pool.end())
      .finally(() => {
        redis?.disconnect();
        process.exit(0);
      }),
  );
