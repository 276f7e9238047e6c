import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { handMadeJwt as jwt } from '../support/hand-made-jwt.js';
import { TestDnsServer } from '../support/dns-server.js';
import {
  ApiClient,
  DIST,
  Environment,
  JWT_SECRET,
  LOG_DIR,
  OPERATOR_TOKEN,
  SECRETS_KEY,
  inBatches,
  leakedSecrets,
  provision,
  recordFigures,
  sleep,
  waitFor,
  type RelPartner,
  type RelSeller,
  type ServiceProcess,
} from './harness.js';

/** Every response body the tests saw, with the route, to check no secret leaks where the contract does not show it. */
const seen: Array<{ route: string; text: string }> = [];
class RecordingClient extends ApiClient {
  override async request<T = any>(method: string, path: string, options: Parameters<ApiClient['request']>[2] = {}) {
    const response = await super.request<T>(method, path, options);
    seen.push({ route: `${method} ${path.split('?')[0]}`, text: typeof response.body === 'string' ? response.body : JSON.stringify(response.body) });
    return response;
  }
}
/** Where the contract shows a secret once (docs/API.md#operator-endpoints, #partner-endpoints). */
const SHOWS_SECRET = [
  /^POST \/v1\/operator\/partners$/,
  /^POST \/v1\/operator\/tokens$/,
  /^POST \/v1\/partner\/webhook\/rotate-secret$/,
  /^PUT \/v1\/accounts\/[^/]+\/webhook$/,
  /^POST \/v1\/accounts\/[^/]+\/webhook\/rotate-secret$/,
];

const secrets = new Set<string>([OPERATOR_TOKEN, JWT_SECRET, SECRETS_KEY]);

describe('security (API and worker as OS processes)', () => {
  let env: Environment;
  let api: ServiceProcess;
  let client: RecordingClient;
  let a: RelSeller & { managerToken: string; viewerToken: string };
  let b: RelSeller;
  let partner: RelPartner;
  let other: RelPartner;
  let bindingId: string;
  let deliveryId: string;
  let noticeId: string;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    env = await Environment.create({ WEBHOOK_MAX_ATTEMPTS: '2' });
    api = await env.start('api');
    client = new RecordingClient(api.url, OPERATOR_TOKEN);
    const made = await provision(client, env.receiver, 2, 2);
    [partner, other] = made.partners as [RelPartner, RelPartner];
    const [sa, sb] = made.sellers as [RelSeller, RelSeller];
    b = sb;
    const role = async (r: string) => {
      const user = await client.operator('POST', `/v1/operator/accounts/${sa.accountId}/users`, {
        email: `${r}-${Date.now()}${Math.random()}@seller.test`,
        name: r,
        role: r,
      });
      return (await client.operator('POST', '/v1/operator/tokens', { userId: user.body.id })).body.accessToken as string;
    };
    a = { ...sa, managerToken: await role('manager'), viewerToken: await role('viewer') };
    const worker = await env.start('worker', 'worker-setup');
    bindingId = (await client.post(`/v1/accounts/${a.accountId}/bindings`, a.adminToken, { partnerId: partner.id })).body.id;
    await waitFor(
      async () =>
        (await client.get('/v1/partner/deliveries', partner.userToken)).body.items?.length > 0 &&
        (await client.get(`/v1/accounts/${a.accountId}/notifications`, a.adminToken)).body.items?.length > 0,
      { what: 'a delivery and a notice' },
    );
    deliveryId = (await client.get('/v1/partner/deliveries', partner.userToken)).body.items[0].id;
    noticeId = (await client.get(`/v1/accounts/${a.accountId}/notifications`, a.adminToken)).body.items[0].id;
    // The matrix and the fuzzing compare database fingerprints: no worker may write meanwhile.
    await env.settled();
    await worker.stop('SIGTERM');
    for (const p of made.partners) secrets.add(p.webhookSecret).add(p.userToken);
    for (const s of made.sellers) secrets.add(s.adminToken);
    secrets.add(a.managerToken).add(a.viewerToken);
  });

  afterAll(async () => {
    recordFigures('security', figures);
    // Secrets never in logs: every line the processes of this file printed.
    for (const r of env?.receiver.received ?? []) secrets.add(String(r.headers['x-signature']));
    const logs = env?.logs() ?? '';
    writeFileSync(join(LOG_DIR, 'security-secrets-checked.txt'), `${secrets.size} secrets checked against ${logs.length} bytes of logs\n`);
    const leaked = leakedSecrets(logs, secrets);
    await env?.close();
    expect(leaked).toEqual([]);
  });

  it('authorisation matrix: every route × every kind of caller gets the expected status, and a refused call changes nothing', async () => {
    // A deactivated admin (token minted while active), forged, expired and alg-none tokens.
    const deactivated = await client.operator('POST', `/v1/operator/accounts/${a.accountId}/users`, {
      email: `gone-${Date.now()}@seller.test`,
      name: 'Gone',
      role: 'admin',
    });
    const deactivatedToken = (await client.operator('POST', '/v1/operator/tokens', { userId: deactivated.body.id })).body.accessToken;
    expect((await client.operator('PATCH', `/v1/operator/accounts/${a.accountId}/users/${deactivated.body.id}`, { active: false })).status).toBe(200);
    // Deactivated and reactivated: the token minted before stays revoked.
    const revoked = await client.operator('POST', `/v1/operator/accounts/${a.accountId}/users`, {
      email: `back-${Date.now()}@seller.test`,
      name: 'Back',
      role: 'admin',
    });
    const revokedToken = (await client.operator('POST', '/v1/operator/tokens', { userId: revoked.body.id })).body.accessToken;
    for (const active of [false, true])
      expect((await client.operator('PATCH', `/v1/operator/accounts/${a.accountId}/users/${revoked.body.id}`, { active })).status).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: a.adminId, kind: 'seller' };
    const callers: Record<string, string | null> = {
      operator: OPERATOR_TOKEN,
      admin: a.adminToken,
      manager: a.managerToken,
      viewer: a.viewerToken,
      otherAdmin: b.adminToken,
      partnerUser: partner.userToken,
      otherPartnerUser: other.userToken,
      anonymous: null,
      deactivated: deactivatedToken,
      revokedThenReactivated: revokedToken,
      forged: jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now, exp: now + 600 }, 'not-the-secret-not-the-secret-not-the-secret'),
      expired: jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, JWT_SECRET),
      algNone: jwt({ alg: 'none', typ: 'JWT' }, { ...claims, iat: now, exp: now + 600 }, null),
    };
    const A = `/v1/accounts/${a.accountId}`;
    type Route = {
      method: string;
      path: string;
      body?: unknown;
      kind: 'operator' | 'user' | 'seller' | 'seller-admin' | 'partner' | 'partner-owned' | 'catalogue';
    };
    const routes: Route[] = [
      { method: 'POST', path: '/v1/operator/accounts', body: { name: 'M' }, kind: 'operator' },
      { method: 'POST', path: `/v1/operator/accounts/${a.accountId}/users`, body: { email: `m-${now}@x.test`, name: 'M', role: 'viewer' }, kind: 'operator' },
      { method: 'PATCH', path: `/v1/operator/accounts/${a.accountId}/users/${a.adminId}`, body: { role: 'admin' }, kind: 'operator' },
      { method: 'POST', path: '/v1/operator/partners', body: { name: 'M', certified: true, contacts: { email: 'm@p.test' } }, kind: 'operator' },
      { method: 'PATCH', path: `/v1/operator/partners/${partner.id}`, body: { certified: true }, kind: 'operator' },
      { method: 'POST', path: `/v1/operator/partners/${partner.id}/users`, body: { email: `mp-${now}@x.test`, name: 'M' }, kind: 'operator' },
      { method: 'POST', path: '/v1/operator/tokens', body: { userId: a.adminId }, kind: 'operator' },
      { method: 'GET', path: '/v1/me', kind: 'user' },
      { method: 'GET', path: '/v1/partners?q=partner', kind: 'catalogue' },
      { method: 'GET', path: `/v1/partners/${partner.id}`, kind: 'catalogue' },
      { method: 'GET', path: `${A}/bindings`, kind: 'seller' },
      { method: 'GET', path: `${A}/bindings/${bindingId}`, kind: 'seller' },
      { method: 'GET', path: `${A}/helpful-contacts`, kind: 'seller' },
      { method: 'GET', path: `${A}/notifications`, kind: 'seller' },
      { method: 'POST', path: `${A}/notifications/${noticeId}/read`, kind: 'seller' },
      { method: 'POST', path: `${A}/bindings`, body: { partnerId: other.id }, kind: 'seller-admin' },
      { method: 'POST', path: `${A}/bindings/${bindingId}/cancel`, kind: 'seller-admin' },
      { method: 'GET', path: `${A}/webhook`, kind: 'seller' },
      { method: 'GET', path: `${A}/webhook/deliveries`, kind: 'seller' },
      { method: 'PUT', path: `${A}/webhook`, body: { url: env.receiver.url('/matrix-seller') }, kind: 'seller-admin' },
      { method: 'POST', path: `${A}/webhook/rotate-secret`, kind: 'seller-admin' },
      { method: 'POST', path: `${A}/webhook/ping`, kind: 'seller-admin' },
      { method: 'GET', path: '/v1/partner/requests', kind: 'partner' },
      { method: 'GET', path: '/v1/partner/webhook', kind: 'partner' },
      { method: 'GET', path: '/v1/partner/deliveries', kind: 'partner' },
      { method: 'PUT', path: '/v1/partner/webhook', body: { url: env.receiver.url('/matrix') }, kind: 'partner' },
      { method: 'POST', path: '/v1/partner/webhook/rotate-secret', kind: 'partner' },
      { method: 'POST', path: '/v1/partner/webhook/ping', kind: 'partner' },
      { method: 'POST', path: `/v1/partner/requests/${bindingId}/confirm`, kind: 'partner-owned' },
      { method: 'POST', path: `/v1/partner/requests/${bindingId}/decline`, body: { reason: 'no' }, kind: 'partner-owned' },
      { method: 'POST', path: `/v1/partner/deliveries/${deliveryId}/redeliver`, kind: 'partner-owned' },
    ];
    const sellerOfA = ['admin', 'manager', 'viewer'];
    const expected = (route: Route, caller: string): number | 'ok' => {
      if (['anonymous', 'deactivated', 'revokedThenReactivated', 'forged', 'expired', 'algNone'].includes(caller)) return 401;
      if (route.kind === 'operator') return caller === 'operator' ? 'ok' : 401;
      if (caller === 'operator') return 401; // the operator token is not an access token
      if (route.kind === 'user') return 'ok';
      const isSeller = [...sellerOfA, 'otherAdmin'].includes(caller);
      if (route.kind === 'catalogue') return isSeller ? 'ok' : 403;
      if (route.kind.startsWith('seller')) {
        if (!isSeller) return 403;
        if (caller === 'otherAdmin') return 404;
        return route.kind === 'seller-admin' && caller !== 'admin' ? 403 : 'ok';
      }
      if (isSeller) return 403;
      return route.kind === 'partner-owned' && caller === 'otherPartnerUser' ? 404 : 'ok';
    };
    const mismatches: string[] = [];
    let refused = 0;
    for (const route of routes) {
      for (const [caller, token] of Object.entries(callers)) {
        const want = expected(route, caller);
        const before = want === 'ok' ? '' : await env.fingerprint();
        const response = await client.request(route.method, route.path, { token, ...(route.body !== undefined ? { body: route.body } : {}) });
        if (response.status === 201 && route.path === '/v1/operator/tokens') secrets.add(response.body.accessToken);
        if (route.path.endsWith('rotate-secret') && response.status === 200) secrets.add(response.body.secret);
        if (route.method === 'PUT' && route.path.endsWith('/webhook') && typeof response.body?.secret === 'string') secrets.add(response.body.secret);
        const okish = response.status < 400 || response.status === 409 || response.status === 422;
        if (want === 'ok' ? !okish : response.status !== want)
          mismatches.push(`${route.method} ${route.path} as ${caller}: expected ${want}, got ${response.status}`);
        if (want !== 'ok') {
          refused++;
          if (!response.contentType.includes('application/problem+json')) mismatches.push(`${route.method} ${route.path} as ${caller}: not problem+json`);
          if ((await env.fingerprint()) !== before) mismatches.push(`${route.method} ${route.path} as ${caller}: refused, but the database changed`);
        }
      }
    }
    figures.authorisationMatrix = {
      routes: routes.length,
      callers: Object.keys(callers).length,
      calls: routes.length * Object.keys(callers).length,
      refused,
      mismatches: mismatches.length,
    };
    expect(mismatches).toEqual([]);
  });

  it('a dump of every table holds no webhook secret, token or key in plain text', async () => {
    const tables = (
      await env.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?', [env.config.db.name])
    ).map((t) => t.name);
    let dump = '';
    for (const table of tables) dump += JSON.stringify(await env.query(`SELECT * FROM \`${table}\``));
    const tracked = [...secrets].filter((secret) => secret.length >= 8);
    const found = leakedSecrets(dump, tracked).map((secret) => `${secret.slice(0, 10)}…`);
    const sealed = await env.query<{ v: string }>('SELECT webhook_secret AS v FROM partners');
    figures.secretsAtRest = {
      tables: tables.length,
      dumpBytes: dump.length,
      secretsTracked: tracked.length,
      inPlainText: found.length,
      partnersSealed: sealed.filter((row) => /^v1:[0-9a-f]{8}:/.test(row.v)).length,
      partners: sealed.length,
    };
    expect(found).toEqual([]);
    expect(sealed.every((row) => /^v1:[0-9a-f]{8}:/.test(row.v))).toBe(true);
  });

  it('fuzzing bodies, query strings and headers on every route: never a 500, always problem+json on errors, nothing written when refused', async () => {
    const A = `/v1/accounts/${a.accountId}`;
    const routes: Array<{ method: string; path: string; token: string }> = [
      ['POST', '/v1/operator/accounts', OPERATOR_TOKEN],
      ['POST', `/v1/operator/accounts/${a.accountId}/users`, OPERATOR_TOKEN],
      ['PATCH', `/v1/operator/accounts/${a.accountId}/users/${a.adminId}`, OPERATOR_TOKEN],
      ['POST', '/v1/operator/partners', OPERATOR_TOKEN],
      ['PATCH', `/v1/operator/partners/${other.id}`, OPERATOR_TOKEN],
      ['POST', `/v1/operator/partners/${other.id}/users`, OPERATOR_TOKEN],
      ['POST', '/v1/operator/tokens', OPERATOR_TOKEN],
      ['GET', '/v1/me', a.viewerToken],
      ['GET', '/v1/partners', a.viewerToken],
      ['GET', `/v1/partners/${partner.id}`, a.viewerToken],
      ['GET', `${A}/bindings`, a.viewerToken],
      ['GET', `${A}/bindings/${bindingId}`, a.viewerToken],
      ['GET', `${A}/helpful-contacts`, a.viewerToken],
      ['GET', `${A}/notifications`, a.viewerToken],
      ['POST', `${A}/bindings`, a.adminToken],
      ['POST', `${A}/bindings/${bindingId}/cancel`, a.adminToken],
      ['GET', '/v1/partner/requests', other.userToken],
      ['GET', '/v1/partner/webhook', other.userToken],
      ['PUT', '/v1/partner/webhook', other.userToken],
      ['GET', '/v1/partner/deliveries', other.userToken],
      ['POST', `/v1/partner/requests/${bindingId}/decline`, partner.userToken],
    ].map(([method, path, token]) => ({ method: method!, path: path!, token: token! }));
    const queryArb = fc.dictionary(
      fc.constantFrom('limit', 'cursor', 'status', 'q', 'x', 'limit[]', '__proto__'),
      fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('-1', '0', '101', '1e3', 'NaN', 'pending,active', 'bogus', '%00', "' OR 1=1 --")),
      { maxKeys: 3 },
    );
    const bodyArb = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            partnerId: fc.oneof(fc.uuid(), fc.string(), fc.integer()),
            name: fc.string(),
            email: fc.string(),
            role: fc.string(),
            url: fc.webUrl(),
            reason: fc.string({ maxLength: 600 }),
            active: fc.anything(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc.string(),
      fc.constantFrom(
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{',
        '[]',
        'null',
        '""',
        '{"partnerId":null}',
        'x'.repeat(20_000),
        '['.repeat(16_384),
        `{"name":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
      ),
    );
    const headerArb = fc.record({
      'content-type': fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/merge-patch+json',
        'application/json; charset=latin1',
        'multipart/form-data',
      ),
      'idempotency-key': fc.oneof(fc.constant(undefined), fc.string({ maxLength: 300 })),
      accept: fc.constantFrom('*/*', 'text/html', 'application/xml'),
    });
    let calls = 0;
    const failures: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(queryArb, bodyArb, headerArb, async (query, body, headers) => {
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          const before = await env.fingerprint();
          const sendBody = route.method !== 'GET';
          const cleanHeaders = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined && /^[\t\x20-\x7e]*$/.test(String(v)))) as Record<
            string,
            string
          >;
          if (!sendBody) delete cleanHeaders['content-type'];
          const response = await client.request(route.method, `${route.path}${qs ? `?${qs}` : ''}`, {
            token: route.token,
            headers: cleanHeaders,
            ...(sendBody ? { rawBody: body } : {}),
          });
          calls++;
          if (response.status >= 500) failures.push(`${route.method} ${route.path}?${qs} ${body.slice(0, 80)} -> ${response.status}`);
          if (response.status >= 400 && !response.contentType.includes('application/problem+json'))
            failures.push(`${route.method} ${route.path} -> ${response.status} ${response.contentType}`);
          if (response.status >= 400 && (await env.fingerprint()) !== before)
            failures.push(`${route.method} ${route.path} -> ${response.status} but the database changed`);
          return response.status < 500;
        }),
        { numRuns: 12, seed: 20261127 },
      );
    }
    figures.fuzzing = { routes: routes.length, requests: calls, failures: failures.length };
    expect(failures).toEqual([]);
  });

  it('no secret in any response except where the contract shows it once; redirects are not followed', async () => {
    // A redirecting endpoint: the attempt is recorded as refused, the redirect target never hears of it.
    const worker = await env.start('worker', 'worker-redirect');
    env.receiver.setDefault('/redirecting', { status: 302 });
    expect((await client.put('/v1/partner/webhook', other.userToken, { url: env.receiver.url('/redirecting') })).status).toBe(200);
    const bound = await client.post(`/v1/accounts/${b.accountId}/bindings`, b.adminToken, { partnerId: other.id });
    expect(bound.status).toBe(202);
    await waitFor(
      async () => (await client.get('/v1/partner/deliveries?status=failed', other.userToken)).body.items?.some((d: any) => d.lastStatusCode === 302),
      { timeoutMs: 20_000, what: 'the redirected delivery to fail' },
    );
    expect(env.receiver.requestsTo('/redirected')).toHaveLength(0);
    await worker.stop('SIGTERM');
    for (const r of env.receiver.received) secrets.add(String(r.headers['x-signature']));
    const leaks = seen
      .filter((s) => !SHOWS_SECRET.some((re) => re.test(s.route.replace(/[0-9a-f-]{36}/g, (m) => m))))
      .flatMap((s) => leakedSecrets(s.text, secrets).map((secret) => `${s.route}: ${secret.slice(0, 12)}…`));
    figures.secrets = { responsesChecked: seen.length, secretsTracked: secrets.size, leaks: leaks.length };
    expect(leaks).toEqual([]);
  });
});

describe('SSRF in production mode (NODE_ENV=production)', () => {
  let env: Environment;
  let client: ApiClient;
  let dns: TestDnsServer;
  let trap: Server;
  let trapConnections = 0;
  let trapPort = 0;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    // The service asks this name server (WEBHOOK_DNS_SERVERS) at save and at delivery time; the test changes its answers.
    dns = await TestDnsServer.start();
    for (const [name, address] of Object.entries({
      'public.rel.test': '93.184.216.34',
      'internal.rel.test': '192.168.10.10',
      'metadata.rel.test': '169.254.169.254',
      'v6local.rel.test': 'fd00::1',
    }))
      dns.answers.set(name, address);
    env = await Environment.create({
      NODE_ENV: 'production',
      ALLOW_HTTP_WEBHOOKS: 'false',
      WEBHOOK_MAX_ATTEMPTS: '1',
      DB_MIGRATE_ON_START: 'false',
      WEBHOOK_DNS_SERVERS: dns.address,
    });
    // Something listening on loopback that the service must never reach.
    trap = createServer((socket) => {
      trapConnections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapPort = (trap.address() as { port: number }).port;
    const api = await env.start('api', 'api-prod');
    await env.start('worker', 'worker-prod');
    client = new ApiClient(api.url, OPERATOR_TOKEN);
  });

  afterAll(async () => {
    recordFigures('ssrf', figures);
    trap?.close();
    await env?.close();
    await dns?.stop();
  });

  it('refuses webhook URLs that are or resolve to loopback, private, link-local or metadata addresses, at save time', async () => {
    const refused = [
      `https://127.0.0.1:${trapPort}/h`,
      'https://localhost/h',
      'https://api.localhost/h',
      'https://10.1.2.3/h',
      'https://172.16.0.1/h',
      'https://192.168.1.1/h',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.64.0.1/h',
      'https://0.0.0.0/h',
      'https://[::1]/h',
      'https://[::ffff:127.0.0.1]/h',
      'https://[::ffff:a9fe:a9fe]/h',
      'https://[fd00:ec2::254]/h',
      'https://[fe80::1]/h',
      'https://2130706433/h', // 127.0.0.1 as one decimal number
      'https://0x7f.1/h',
      'https://internal.rel.test/h',
      'https://metadata.rel.test/h',
      'https://v6local.rel.test/h',
      'https://does-not-resolve.invalid/h',
      'http://public.rel.test/h',
    ];
    const before = await env.fingerprint();
    const wrong: string[] = [];
    for (const url of refused) {
      const response = await client.operator('POST', '/v1/operator/partners', {
        name: 'Sneaky',
        certified: true,
        contacts: { email: 's@p.test' },
        webhookUrl: url,
      });
      if (response.status !== 400 || response.body.code !== 'VALIDATION_FAILED') wrong.push(`${url} -> ${response.status}`);
    }
    expect(wrong).toEqual([]);
    expect(await env.fingerprint()).toBe(before);
    const accepted = await client.operator('POST', '/v1/operator/partners', {
      name: 'Public',
      certified: true,
      contacts: { email: 'p@p.test' },
      webhookUrl: 'https://public.rel.test/h',
    });
    expect(accepted.status).toBe(201);
    figures.saveTime = { refusedUrls: refused.length, wronglyAccepted: wrong.length };
  });

  it('refuses at delivery time when DNS changed after the URL was saved (rebinding to loopback)', async () => {
    const account = (await client.operator('POST', '/v1/operator/accounts', { name: 'S' })).body;
    const admin = (await client.operator('POST', `/v1/operator/accounts/${account.id}/users`, { email: 'adm@s.test', name: 'A', role: 'admin' })).body;
    const token = (await client.operator('POST', '/v1/operator/tokens', { userId: admin.id })).body.accessToken;
    const partner = (
      await client.operator('POST', '/v1/operator/partners', {
        name: 'Rebinder',
        certified: true,
        contacts: { email: 'r@p.test' },
        webhookUrl: `https://public.rel.test:${trapPort}/hook`,
      })
    ).body;
    expect(partner.id).toBeDefined();
    const user = (await client.operator('POST', `/v1/operator/partners/${partner.id}/users`, { email: 'u@r.test', name: 'U' })).body;
    const partnerToken = (await client.operator('POST', '/v1/operator/tokens', { userId: user.id })).body.accessToken;
    // DNS changes after the save: the name now points at the service's own host.
    dns.answers.set('public.rel.test', '127.0.0.1');
    expect((await client.post(`/v1/accounts/${account.id}/bindings`, token, { partnerId: partner.id })).status).toBe(202);
    let delivery: any;
    await waitFor(
      async () => {
        delivery = (await client.get('/v1/partner/deliveries', partnerToken)).body.items?.[0];
        return delivery?.status === 'failed';
      },
      { timeoutMs: 20_000, what: 'the delivery attempt to be refused' },
    );
    await sleep(300);
    figures.deliveryTime = { trapConnections, lastError: delivery.lastError };
    expect(delivery.lastError).toMatch(/non-public address/);
    expect(trapConnections).toBe(0);
  });
});

describe('hardening: unsafe production start-up, forged client address, operations endpoints, a hanging name server', () => {
  let env: Environment;
  let dns: TestDnsServer;
  const figures: Record<string, unknown> = {};
  const METRICS_TOKEN = `rel-metrics-${randomBytes(24).toString('base64url')}`;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    dns.silent.add('hang.rel.test');
    env = await Environment.create({
      WEBHOOK_DNS_SERVERS: dns.address,
      WEBHOOK_DNS_TIMEOUT_MS: '2000',
      WEBHOOK_TIMEOUT_MS: '3000',
      WEBHOOK_MAX_ATTEMPTS: '3',
      METRICS_TOKEN,
    });
  });

  afterAll(async () => {
    recordFigures('hardening', figures);
    await env?.close();
    await dns?.stop();
  });

  it('production refuses unsafe configuration: both roles exit 1 with one line naming the variable', async () => {
    const production = { ...env.env, NODE_ENV: 'production', ALLOW_HTTP_WEBHOOKS: 'false', DB_MIGRATE_ON_START: 'false' };
    const cases: Array<[string, string]> = [
      ['OPERATOR_TOKEN', 'dev-operator-token'],
      ['JWT_SECRET', 'short-secret'],
      ['ALLOW_HTTP_WEBHOOKS', 'true'],
      ['SECRETS_KEY', ''],
    ];
    const outcomes: string[] = [];
    for (const [variable, value] of cases) {
      for (const role of ['api', 'worker'] as const) {
        const child = spawn(process.execPath, [join(DIST, 'apps', role, 'src', 'main.js')], {
          env: { PATH: process.env.PATH ?? '', ...production, [variable]: value },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        const lines = output.trim().split('\n');
        outcomes.push(`${role} ${variable}: exit ${code}, ${lines.length} line(s): ${lines[0]}`);
        expect({ role, variable, code, lines: lines.length, names: lines[0]!.includes(variable) }).toEqual({ role, variable, code: 1, lines: 1, names: true });
      }
    }
    figures.productionStart = { refused: outcomes.length, outcomes };
  });

  it('a forged X-Forwarded-For never moves a request to another rate-limit budget (TRUST_PROXY off)', async () => {
    const api = await env.start('api', 'api-limits', { RATE_LIMIT_PER_IP: '10', RATE_LIMIT_WINDOW_MS: '60000' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await fetch(`${api.url}/v1/me`, {
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `203.0.113.${i + 1}`, forwarded: `for=192.0.2.${i + 1}` },
      });
      statuses.push(response.status);
    }
    const firstRefusal = statuses.indexOf(429);
    figures.forgedForwardedFor = {
      requests: statuses.length,
      budget: 10,
      firstRefusalAt: firstRefusal + 1,
      refusedAfter: statuses.slice(firstRefusal).filter((s) => s === 429).length,
    };
    expect(firstRefusal).toBeGreaterThanOrEqual(10);
    expect(firstRefusal).toBeLessThanOrEqual(11);
    expect(statuses.slice(firstRefusal).every((s) => s === 429)).toBe(true);
    await api.stop();
  });

  it('the queue dashboard cannot be framed; /metrics answers only to METRICS_TOKEN, on the API and the worker', async () => {
    const api = await env.start('api', 'api-ops');
    const worker = await env.start('worker', 'worker-ops');
    const dashboard = await fetch(`${api.url}/admin/queues`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('x-frame-options')).toBe('DENY');
    expect(dashboard.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const metrics: Record<string, number[]> = {};
    for (const proc of [api, worker]) {
      metrics[proc.role] = [];
      for (const authorization of [undefined, `Bearer ${OPERATOR_TOKEN}`, `Bearer ${METRICS_TOKEN}`]) {
        metrics[proc.role]!.push((await fetch(`${proc.url}/metrics`, { headers: authorization ? { authorization } : {} })).status);
      }
      expect(metrics[proc.role]).toEqual([401, 401, 200]);
    }
    figures.operationsEndpoints = { dashboardFrameOptions: dashboard.headers.get('x-frame-options'), metricsStatuses: metrics };
    await worker.stop();
    await api.stop();
  });

  it("a partner whose name server never answers does not delay other partners' deliveries", async () => {
    const api = await env.start('api', 'api-dns');
    const worker = await env.start('worker', 'worker-dns', { WEBHOOK_PER_PARTNER_CONCURRENCY: '8' });
    const client = new ApiClient(api.url, OPERATOR_TOKEN);
    const made = await provision(client, env.receiver, 24, 4);
    const [hanging, ...others] = made.partners as [RelPartner, ...RelPartner[]];
    const hangingToken = hanging.userToken;
    expect((await client.put('/v1/partner/webhook', hangingToken, { url: 'https://hang.rel.test/hooks' })).status).toBe(200);

    /** Binds each seller to `partner` and returns each notice's latency (commit to arrival), in ms. */
    const latencies = async (sellers: RelSeller[], partner: RelPartner) => {
      const sent = new Map<string, number>();
      await inBatches(sellers, 8, async (seller) => {
        const bound = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken, { partnerId: partner.id });
        expect(bound.status).toBe(202);
        sent.set(bound.body.id, Date.now());
      });
      await waitFor(() => [...sent.keys()].every((id) => env.receiver.requestsTo(partner.path).some((r) => r.body?.data?.binding?.id === id)), {
        timeoutMs: 30_000,
        what: `notices to ${partner.path}`,
      });
      return [...sent].map(([id, at]) => env.receiver.requestsTo(partner.path).find((r) => r.body?.data?.binding?.id === id)!.receivedAt - at);
    };
    const p95 = (values: number[]) => [...values].sort((x, y) => x - y)[Math.ceil(values.length * 0.95) - 1]!;

    const before = await latencies(made.sellers.slice(0, 8), others[0]!);
    // Every seller binds the partner whose host never resolves: 24 notices, each waiting on DNS until its timeout, retried.
    await inBatches(made.sellers, 8, async (seller) =>
      expect((await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.adminToken, { partnerId: hanging.id })).status).toBe(202),
    );
    await waitFor(async () => (dns.queries.get('hang.rel.test') ?? 0) >= 8, { timeoutMs: 20_000, what: 'lookups of the hanging host' });
    const during = [...(await latencies(made.sellers.slice(8, 16), others[1]!)), ...(await latencies(made.sellers.slice(16, 24), others[2]!))];
    // The other partners' notices may all arrive before the first lookup of the hanging host times out; then it is logged.
    const hangingLog = async () => (await client.get('/v1/partner/deliveries?limit=100', hangingToken)).body.items as Array<{ lastError: string | null }>;
    await waitFor(async () => (await hangingLog()).some((d) => d.lastError === 'no DNS answer for the host in time'), {
      timeoutMs: 20_000,
      what: "the hanging host's lookups to time out and be logged",
    });
    const log = await hangingLog();
    figures.hangingNameServer = {
      hangingNotices: made.sellers.length,
      lookupsOfHangingHost: dns.queries.get('hang.rel.test') ?? 0,
      hangingLastErrors: [...new Set(log.map((d) => d.lastError))],
      otherPartnersP95MsBefore: p95(before),
      otherPartnersP95MsDuring: p95(during),
    };
    expect(log.some((d) => d.lastError === 'no DNS answer for the host in time')).toBe(true);
    expect(during).toHaveLength(16); // every other partner's notice arrived while the lookups hung (latency: figures)
    await worker.stop();
    await api.stop();
  });
});
