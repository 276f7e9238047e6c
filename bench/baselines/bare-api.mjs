// Bare baseline for the write and read figures: the same work as the service's handlers,
// written by hand on Fastify + mysql2 (no Nest, no TypeORM, no class-validator), against the
// service's own migrated tables in the same database.
//
//   POST /v1/accounts/:accountId/bindings      verify JWT, read the caller's user row (role and
//        active flag, live), check the partner is certified and read the account (the notice
//        carries its name), then one READ COMMITTED transaction: insert binding, insert event,
//        insert the three outbox rows (seller notice, webhook, expiry), commit.
//        With ?publish=1 (pipeline figure only) it then does what a hand-written "publish after
//        commit" outbox does: addBulk the jobs to BullMQ (jobId = outbox id) and delete the rows.
//   GET  /v1/accounts/:accountId/bindings?status=active
//   GET  /v1/accounts/:accountId/helpful-contacts
//
// Rate limits, as the service enforces them (RATE_LIMIT_PER_IP, RATE_LIMIT_PER_USER per
// RATE_LIMIT_WINDOW_MS, shared by replicas through Redis), written the plain way: a fixed window,
// one Redis INCR per budget per request (the IP's and, with a valid token, the user's; both sent
// together), PEXPIRE when a window's key is new, 429 + Retry-After over budget.
//
// Outbox rows go to `bare_outbox` (created by the harness LIKE outbox) so the service's relay
// never sees them. Env: PORT, DB_NAME, JWT_SECRET, BARE_QUEUE_PREFIX, DB_POOL_SIZE,
// BINDING_REQUEST_TTL_SECONDS, RATE_LIMIT_PER_IP, RATE_LIMIT_PER_USER, RATE_LIMIT_WINDOW_MS.
import { createHmac, createSecretKey } from 'node:crypto';
import Fastify from 'fastify';
import mysql from 'mysql2/promise';
import jwt from 'jsonwebtoken';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';

const env = process.env;
const PORT = Number(env.PORT ?? 3100);
const SECRET = env.JWT_SECRET;
// A KeyObject, not the string: given a string, jsonwebtoken first tries createPublicKey() on it
// (which throws) on every verify; that costs ~14 % of the service's API CPU (see BENCHMARKS.md).
const JWT_KEY = createSecretKey(Buffer.from(SECRET));
const TTL_MS = Number(env.BINDING_REQUEST_TTL_SECONDS ?? 604800) * 1000;
const PREFIX = env.BARE_QUEUE_PREFIX ?? 'bare';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = new Set(['pending', 'active', 'declined', 'expired', 'cancelled']);

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
// The same retention as the service's DEFAULT_JOB_OPTIONS (libs/queue/src/queue.module.ts).
const removal = { removeOnComplete: { age: 600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };
const queues = {
  'partner-webhooks': new Queue('partner-webhooks', { connection, prefix: PREFIX, defaultJobOptions: removal }),
  'seller-notices': new Queue('seller-notices', { connection, prefix: PREFIX, defaultJobOptions: removal }),
  'binding-expiry': new Queue('binding-expiry', { connection, prefix: PREFIX, defaultJobOptions: removal }),
};

const PER_IP = Number(env.RATE_LIMIT_PER_IP ?? 30000);
const PER_USER = Number(env.RATE_LIMIT_PER_USER ?? 3000);
const WINDOW_MS = Number(env.RATE_LIMIT_WINDOW_MS ?? 60000);
const limits = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 0 });

const problem = (reply, status, code, detail) =>
  reply.code(status).type('application/problem+json').send({ type: 'about:blank', title: code, status, detail, code });

const iso = (d) => (d ? new Date(d).toISOString() : null);
const view = (b) => ({
  id: b.id,
  accountId: b.account_id,
  partnerId: b.partner_id,
  status: b.status,
  requestedBy: b.requested_by,
  requestedAt: iso(b.requested_at),
  expiresAt: iso(b.expires_at),
  respondedBy: b.responded_by,
  respondedAt: iso(b.responded_at),
  cancelledBy: b.cancelled_by,
  cancelledAt: iso(b.cancelled_at),
  declineReason: b.decline_reason,
  version: b.version,
});

const verify = (token) => {
  try {
    const claims = jwt.verify(token, JWT_KEY, { algorithms: ['HS256'], clockTolerance: 0 });
    return claims.kind === 'seller' && UUID.test(claims.sub) && typeof claims.exp === 'number' ? claims : null;
  } catch {
    return null;
  }
};

/** One INCR per budget in this window; the first request of a window sets its expiry. */
async function spend(key, max, window) {
  const count = await limits.incr(key);
  if (count === 1) await limits.pexpire(key, WINDOW_MS);
  return count <= max ? 0 : Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - Date.now()) / 1000));
}

/** 401 → 404 (not your account) → 403 (role), as the service's guard does. The role is read live. */
async function authenticate(request, reply, needsAdmin) {
  const claims = request.claims;
  if (!claims) return (problem(reply, 401, 'UNAUTHENTICATED', 'bad or missing token'), null);
  const [rows] = await pool.execute('SELECT id, account_id, role, active, email, name FROM seller_users WHERE id = ?', [claims.sub]);
  const user = rows[0];
  if (!user || !user.active) return (problem(reply, 401, 'UNAUTHENTICATED', 'unknown or deactivated'), null);
  if (user.account_id !== request.params.accountId) return (problem(reply, 404, 'NOT_FOUND', 'Account not found'), null);
  if (needsAdmin && user.role !== 'admin') return (problem(reply, 403, 'FORBIDDEN', 'admins only'), null);
  return user;
}

const app = Fastify({ logger: false, bodyLimit: 16384 });
app.decorateRequest('claims', null);

// The token is verified once, here; the handler reuses the claims.
app.addHook('onRequest', async (request, reply) => {
  if (request.url.startsWith('/health')) return;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  request.claims = match ? verify(match[1]) : null;
  const window = Math.floor(Date.now() / WINDOW_MS);
  const checks = [];
  if (PER_IP > 0) checks.push(spend(`${PREFIX}:rl:ip:${request.ip}:${window}`, PER_IP, window));
  if (PER_USER > 0 && request.claims) checks.push(spend(`${PREFIX}:rl:user:${request.claims.sub}:${window}`, PER_USER, window));
  let retryAfter = 0;
  try {
    retryAfter = Math.max(0, ...(await Promise.all(checks)));
  } catch {
    return; // Redis down: skip the limits, as the service does
  }
  if (retryAfter > 0) {
    reply.header('retry-after', String(retryAfter));
    return problem(reply, 429, 'RATE_LIMITED', `try again in ${retryAfter} s`);
  }
});

app.post(
  '/v1/accounts/:accountId/bindings',
  {
    schema: {
      body: {
        type: 'object',
        required: ['partnerId'],
        additionalProperties: false,
        properties: { partnerId: { type: 'string', pattern: UUID.source } },
      },
    },
  },
  async (request, reply) => {
    const user = await authenticate(request, reply, true);
    if (!user) return reply;
    const { accountId } = request.params;
    const { partnerId } = request.body;
    const [[partner]] = await pool.execute('SELECT id FROM partners WHERE id = ? AND certified = 1', [partnerId]);
    if (!partner) return problem(reply, 422, 'PARTNER_NOT_BINDABLE', 'not bindable');
    const [[account]] = await pool.execute('SELECT id, name FROM accounts WHERE id = ?', [accountId]);
    if (!account) return problem(reply, 404, 'NOT_FOUND', 'Account not found');

    const now = new Date();
    const b = {
      id: uuidv7(),
      account_id: accountId,
      partner_id: partnerId,
      status: 'pending',
      requested_by: user.id,
      requested_at: now,
      expires_at: new Date(now.getTime() + TTL_MS),
      responded_by: null,
      responded_at: null,
      cancelled_by: null,
      cancelled_at: null,
      decline_reason: null,
      version: 1,
    };
    const binding = view(b);
    const eventId = uuidv7();
    const notice = { eventId, type: 'binding.requested', occurredAt: now.toISOString(), binding, account: { id: account.id, name: account.name } };
    const jobs = [
      { id: uuidv7(), queue: 'seller-notices', name: 'seller-notice.record', payload: notice, delay: 0 },
      { id: uuidv7(), queue: 'partner-webhooks', name: 'webhook.deliver', payload: notice, delay: 0 },
      { id: uuidv7(), queue: 'binding-expiry', name: 'binding.expire', payload: { bindingId: b.id }, delay: TTL_MS },
    ];

    const conn = await pool.getConnection();
    try {
      await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await conn.query('START TRANSACTION');
      await conn.execute(
        'INSERT INTO bindings (id, account_id, partner_id, live_partner_id, status, requested_by, requested_at, expires_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)',
        [b.id, accountId, partnerId, partnerId, 'pending', user.id, now, b.expires_at],
      );
      await conn.execute(
        'INSERT INTO binding_events (id, binding_id, account_id, partner_id, type, actor_id, actor_kind, from_status, to_status, at, data) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)',
        [eventId, b.id, accountId, partnerId, 'binding.requested', user.id, 'seller', 'pending', now, JSON.stringify({ expiresAt: binding.expiresAt })],
      );
      await conn.query('INSERT INTO bare_outbox (id, queue_name, job_name, payload, delay_ms, created_at) VALUES ?', [
        jobs.map((j) => [j.id, j.queue, j.name, JSON.stringify(j.payload), j.delay, now]),
      ]);
      await conn.query('COMMIT');
    } catch (error) {
      await conn.query('ROLLBACK').catch(() => undefined);
      if (error?.code === 'ER_DUP_ENTRY') return problem(reply, 409, 'BINDING_EXISTS', 'live binding exists');
      throw error;
    } finally {
      conn.release();
    }

    if (request.query.publish === '1') {
      // Publish after commit (jobId = outbox id, so a re-publish is a no-op), then clear the rows.
      await Promise.all(
        ['seller-notices', 'partner-webhooks', 'binding-expiry'].map((q) => {
          const mine = jobs.filter((j) => j.queue === q);
          return queues[q].addBulk(mine.map((j) => ({ name: j.name, data: j.payload, opts: { jobId: j.id, ...(j.delay ? { delay: j.delay } : {}) } })));
        }),
      );
      await pool.query('DELETE FROM bare_outbox WHERE id IN (?)', [jobs.map((j) => j.id)]);
    }
    return reply.code(202).send(binding);
  },
);

function signCursor(list, position) {
  const body = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${body}.${createHmac('sha256', SECRET).update(`cursor:${list}:${body}`).digest('base64url').slice(0, 22)}`;
}

app.get('/v1/accounts/:accountId/bindings', async (request, reply) => {
  const user = await authenticate(request, reply, false);
  if (!user) return reply;
  const limit = request.query.limit === undefined ? 20 : Number(request.query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return problem(reply, 400, 'VALIDATION_FAILED', 'limit');
  const statuses = request.query.status ? String(request.query.status).split(',') : [];
  if (!statuses.every((s) => STATUSES.has(s))) return problem(reply, 400, 'VALIDATION_FAILED', 'status');
  const where = statuses.length ? ` AND status IN (${statuses.map(() => '?').join(',')})` : '';
  const [rows] = await pool.execute(`SELECT * FROM bindings WHERE account_id = ?${where} ORDER BY requested_at DESC, id DESC LIMIT ${limit + 1}`, [
    request.params.accountId,
    ...statuses,
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(view), nextCursor: rows.length > limit && last ? signCursor('bindings:account', [iso(last.requested_at), last.id]) : null };
});

app.get('/v1/accounts/:accountId/helpful-contacts', async (request, reply) => {
  const user = await authenticate(request, reply, false);
  if (!user) return reply;
  const [active] = await pool.execute(
    "SELECT id, partner_id, requested_at, responded_at FROM bindings WHERE account_id = ? AND status = 'active' ORDER BY responded_at DESC, id DESC",
    [request.params.accountId],
  );
  if (active.length === 0) return { items: [] };
  const [partners] = await pool.query('SELECT id, name, description, contact_email, contact_phone, contact_website, services FROM partners WHERE id IN (?)', [
    [...new Set(active.map((b) => b.partner_id))],
  ]);
  const byId = new Map(partners.map((p) => [p.id, p]));
  return {
    items: active.flatMap((b) => {
      const p = byId.get(b.partner_id);
      if (!p) return [];
      return [
        {
          bindingId: b.id,
          since: iso(b.responded_at ?? b.requested_at),
          partner: {
            id: p.id,
            name: p.name,
            description: p.description,
            contacts: { email: p.contact_email, phone: p.contact_phone, website: p.contact_website },
            services: typeof p.services === 'string' ? JSON.parse(p.services) : (p.services ?? []),
          },
        },
      ];
    }),
  };
});

app.get('/health/ready', async () => ({ status: 'ok' }));

await app.listen({ port: PORT, host: '127.0.0.1' });
console.log(`BARE_API_READY ${PORT}`);

async function shutdown() {
  await app.close().catch(() => undefined);
  await Promise.all(Object.values(queues).map((q) => q.close().catch(() => undefined)));
  await pool.end().catch(() => undefined);
  limits.disconnect();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
