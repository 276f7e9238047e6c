import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  TcpProxy,
  TestStack,
  World,
  expectProblem as expectProblemShape,
  waitFor,
  type ApiClient,
  type ApiResponse,
  type Partner,
  type Seller,
} from '@app/testing';

/** Nothing internal may leak: no stack frames, file paths, SQL or driver error names. */
const LEAKS = [
  /\bat [\w$.<>]+ \(/, // stack frame
  /\.(ts|js|mjs):\d+/,
  /node_modules/,
  /\b(SELECT|INSERT INTO|UPDATE `?\w+`? SET|DELETE FROM)\b/i,
  /\bER_[A-Z_]+\b/,
  /sqlMessage|sqlState|errno|QueryFailedError|TypeORM|mysql2?\b/i,
  /Duplicate entry/i,
  /ECONNREFUSED|ECONNRESET|PROTOCOL_CONNECTION_LOST/,
];

/** A problem document (see expectProblem) that gives nothing internal away. */
function expectProblem(response: ApiResponse, status: number, code: string): void {
  expectProblemShape(response, status, code);
  const text = JSON.stringify(response.body);
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
  expect(text).not.toContain('test-jwt-secret');
  expect(text).not.toContain('test-operator-token');
}

function fieldsOf(response: ApiResponse): string[] {
  expect(Array.isArray(response.body.errors)).toBe(true);
  return response.body.errors.map((e: { field: string }) => e.field);
}

describe('errors', () => {
  let stack: TestStack;
  let world: World;
  let client: ApiClient;
  let seller: Seller;
  let partner: Partner;

  beforeAll(async () => {
    stack = await TestStack.start();
    client = stack.client;
    world = new World(client);
    [seller, partner] = await Promise.all([world.seller(), world.partner()]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const bindings = () => `/v1/accounts/${seller.accountId}/bindings`;

  /** What a refused request must leave as it was: the account's bindings, its notices, the partner's requests. */
  async function snapshot(): Promise<{ bindings: string[]; notices: number; requests: number }> {
    await stack.settled();
    const list = await client.get(`${bindings()}?limit=100`, seller.admin.token);
    const notices = await client.get(`/v1/accounts/${seller.accountId}/notifications?limit=100`, seller.admin.token);
    const requests = await client.get('/v1/partner/requests?limit=100', partner.user.token);
    return {
      bindings: list.body.items.map((b: any) => `${b.id}:${b.status}:${b.version}`),
      notices: notices.body.items.length,
      requests: requests.body.items.length,
    };
  }

  describe('bodies', () => {
    it('malformed JSON is 400 VALIDATION_FAILED', async () => {
      for (const raw of ['{"partnerId": ', '{partnerId: 1}', 'nul', '{"a":1}}']) {
        const response = await client.request('POST', bindings(), { token: seller.admin.token, rawBody: raw, headers: { 'content-type': 'application/json' } });
        expectProblem(response, 400, 'VALIDATION_FAILED');
      }
      const operator = await client.request('POST', '/v1/operator/accounts', {
        token: stack.config.operatorToken,
        rawBody: '{"name": "x"',
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(operator, 400, 'VALIDATION_FAILED');
    });

    it('a body that is not an object is 400', async () => {
      for (const raw of ['[]', '"text"', '42', 'null']) {
        const response = await client.request('POST', bindings(), { token: seller.admin.token, rawBody: raw, headers: { 'content-type': 'application/json' } });
        expectProblem(response, 400, 'VALIDATION_FAILED');
      }
    });

    it('an unknown body field is 400 with errors[] naming the field', async () => {
      const bind = await client.post(bindings(), seller.admin.token, { partnerId: partner.id, colour: 'red' });
      expectProblem(bind, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(bind)).toContain('colour');

      const account = await client.operator('POST', '/v1/operator/accounts', { name: 'Acme', vatNumber: '123' });
      expectProblem(account, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(account)).toEqual(['vatNumber']);
    });

    it('invalid field values are 400 with the field named', async () => {
      const cases: Array<[string, string, unknown, string]> = [
        ['POST', `/v1/operator/accounts/${seller.accountId}/users`, { email: `boss-${Date.now()}@seller.test`, name: 'Boss', role: 'boss' }, 'role'],
        ['POST', `/v1/operator/accounts/${seller.accountId}/users`, { email: 'not-an-email', name: 'Nobody', role: 'viewer' }, 'email'],
        ['POST', '/v1/operator/partners', { name: 'Yes Partner', certified: 'yes', contacts: { email: 'yes@partner.test' } }, 'certified'],
        ['POST', '/v1/operator/partners', { name: 'No Contacts', certified: true }, 'contacts'],
        ['POST', '/v1/operator/tokens', { userId: seller.admin.id, ttlSeconds: 0 }, 'ttlSeconds'],
        ['POST', '/v1/operator/tokens', { userId: seller.admin.id, ttlSeconds: 86401 }, 'ttlSeconds'],
        ['POST', '/v1/operator/tokens', { userId: seller.admin.id, ttlSeconds: 1.5 }, 'ttlSeconds'],
        ['POST', '/v1/operator/tokens', { userId: seller.admin.id, ttlSeconds: '60' }, 'ttlSeconds'],
        ['PATCH', `/v1/operator/accounts/${seller.accountId}/users/${seller.viewer.id}`, { role: 'boss' }, 'role'],
        ['PATCH', `/v1/operator/accounts/${seller.accountId}/users/${seller.viewer.id}`, { active: 'no' }, 'active'],
        ['POST', '/v1/operator/accounts', { name: '' }, 'name'],
        ['POST', '/v1/operator/accounts', {}, 'name'],
      ];
      for (const [method, path, body, field] of cases) {
        const response = await client.operator(method, path, body);
        try {
          expectProblem(response, 400, 'VALIDATION_FAILED');
          expect(fieldsOf(response)).toContain(field);
        } catch (error) {
          throw new Error(`${method} ${path} ${JSON.stringify(body)}: ${(error as Error).message}`);
        }
      }
      for (const partnerId of ['not-a-uuid', 42, null, '', `${partner.id}x`]) {
        const response = await client.post(bindings(), seller.admin.token, { partnerId });
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(response)).toContain('partnerId');
      }
      const missing = await client.post(bindings(), seller.admin.token, {});
      expectProblem(missing, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(missing)).toContain('partnerId');

      // The viewer is still a viewer, and the 1..86400 bounds themselves are accepted.
      expect((await client.get('/v1/me', seller.viewer.token)).body.role).toBe('viewer');
      expect((await client.operator('POST', '/v1/operator/tokens', { userId: seller.viewer.id, ttlSeconds: 86400 })).status).toBe(201);
      expect((await client.operator('POST', '/v1/operator/tokens', { userId: seller.viewer.id, ttlSeconds: 1 })).status).toBe(201);
    });

    it('a body over 16 KiB is 413 PAYLOAD_TOO_LARGE', async () => {
      const before = await snapshot();
      const big = await client.post(bindings(), seller.admin.token, { partnerId: partner.id, padding: 'x'.repeat(17 * 1024) });
      expectProblem(big, 413, 'PAYLOAD_TOO_LARGE');
      const account = await client.operator('POST', '/v1/operator/accounts', { name: 'y'.repeat(20 * 1024) });
      expectProblem(account, 413, 'PAYLOAD_TOO_LARGE');
      expect(await snapshot()).toEqual(before);
    });

    it('an Idempotency-Key that is empty or over 255 characters is 400 naming the header, and binds nothing', async () => {
      const before = await snapshot();
      for (const key of ['', 'k'.repeat(256)]) {
        const response = await client.post(bindings(), seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key });
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(response)).toEqual(['Idempotency-Key']);
      }
      expect(await snapshot()).toEqual(before);
      const longest = await client.post(bindings(), seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': 'k'.repeat(255) });
      expect(longest.status).toBe(202);
      expect((await client.post(`${bindings()}/${longest.body.id}/cancel`, seller.admin.token)).status).toBe(200);
    });

    it('a text/plain body is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const before = await snapshot();
      const text = await client.request('POST', bindings(), {
        token: seller.admin.token,
        rawBody: JSON.stringify({ partnerId: partner.id }),
        headers: { 'content-type': 'text/plain' },
      });
      expectProblem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const form = await client.request('POST', bindings(), {
        token: seller.admin.token,
        rawBody: `partnerId=${partner.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('query parameters', () => {
    let many: Seller;

    beforeAll(async () => {
      many = await world.seller();
      const partners = await Promise.all([world.partner(), world.partner(), world.partner()]);
      for (const p of partners) await world.bind(many, p);
    });

    it('?limit=0, 101, abc, -1, 1.5 are 400; 1 and 100 are fine', async () => {
      for (const limit of ['0', '101', 'abc', '-1', '1.5', '']) {
        for (const path of [`/v1/accounts/${many.accountId}/bindings`, `/v1/accounts/${many.accountId}/notifications`, '/v1/partners']) {
          const response = await client.get(`${path}?limit=${limit}`, many.viewer.token);
          try {
            expectProblem(response, 400, 'VALIDATION_FAILED');
          } catch (error) {
            throw new Error(`${path}?limit=${limit}: ${(error as Error).message}`);
          }
        }
      }
      const one = await client.get(`/v1/accounts/${many.accountId}/bindings?limit=1`, many.viewer.token);
      expect(one.status).toBe(200);
      expect(one.body.items).toHaveLength(1);
      expect(typeof one.body.nextCursor).toBe('string');
      expect((await client.get(`/v1/accounts/${many.accountId}/bindings?limit=100`, many.viewer.token)).body.items).toHaveLength(3);
    });

    it('an invalid status filter is 400', async () => {
      expectProblem(await client.get(`/v1/accounts/${many.accountId}/bindings?status=pending,bogus`, many.viewer.token), 400, 'VALIDATION_FAILED');
    });

    it('a tampered cursor is 400; the real one pages on', async () => {
      const first = await client.get(`/v1/accounts/${many.accountId}/bindings?limit=2`, many.viewer.token);
      const cursor: string = first.body.nextCursor;
      expect(cursor).toEqual(expect.any(String));
      const next = await client.get(`/v1/accounts/${many.accountId}/bindings?limit=2&cursor=${encodeURIComponent(cursor)}`, many.viewer.token);
      expect(next.status).toBe(200);
      expect(next.body.items).toHaveLength(1);
      expect(next.body.nextCursor).toBeNull();

      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      const [body, signature] = cursor.split('.');
      const forgedPosition = Buffer.from(JSON.stringify(['2999-01-01T00:00:00.000Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff'])).toString('base64url');
      const tampered = [flip(cursor, 0), flip(cursor, cursor.length - 1), `${forgedPosition}.${signature}`, `${body}`, `${cursor}.x`, 'garbage', '%00'];
      for (const bad of tampered) {
        const response = await client.get(`/v1/accounts/${many.accountId}/bindings?limit=2&cursor=${encodeURIComponent(bad)}`, many.viewer.token);
        try {
          expectProblem(response, 400, 'VALIDATION_FAILED');
        } catch (error) {
          throw new Error(`cursor ${bad}: ${(error as Error).message}`);
        }
      }
      // A cursor of one list is not valid for another.
      expectProblem(
        await client.get(`/v1/accounts/${many.accountId}/notifications?cursor=${encodeURIComponent(cursor)}`, many.viewer.token),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('unknown query parameters are ignored', async () => {
      const response = await client.get(`/v1/accounts/${many.accountId}/bindings?foo=bar&sort=asc&limit=2`, many.viewer.token);
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(2);
      expect((await client.get('/v1/me?debug=1', many.viewer.token)).status).toBe(200);
      expect((await client.get('/v1/partners?page=3', many.viewer.token)).status).toBe(200);
    });
  });

  it('an unknown route is a 404 problem', async () => {
    expectProblem(await client.get('/v1/nope', seller.admin.token), 404, 'NOT_FOUND');
    expectProblem(await client.get('/v1/nope'), 404, 'NOT_FOUND');
    expectProblem(await client.post('/totally/unknown', null, { a: 1 }), 404, 'NOT_FOUND');
  });

  describe('domain rules', () => {
    it('an unknown, uncertified or decertified partner is 422 PARTNER_NOT_BINDABLE, and nothing is written', async () => {
      const uncertified = await world.partner({ certified: false });
      const decertified = await world.partner();
      expect((await client.operator('PATCH', `/v1/operator/partners/${decertified.id}`, { certified: false })).status).toBe(200);
      const before = await snapshot();
      for (const partnerId of ['00000000-0000-4000-8000-000000000000', uncertified.id, decertified.id]) {
        const response = await client.post(bindings(), seller.admin.token, { partnerId });
        expectProblem(response, 422, 'PARTNER_NOT_BINDABLE');
        // With an idempotency key too (and the key is not burnt by the failure).
        const keyed = await client.post(bindings(), seller.admin.token, { partnerId }, { 'idempotency-key': `refused-${partnerId}` });
        expectProblem(keyed, 422, 'PARTNER_NOT_BINDABLE');
      }
      expect(await snapshot()).toEqual(before);
      const requests = await client.get('/v1/partner/requests', uncertified.user.token);
      expect(requests.body.items).toEqual([]);
    });

    it('a duplicate e-mail is 409 EMAIL_TAKEN', async () => {
      const email = `dup-${Date.now()}@seller.test`;
      const first = await client.operator('POST', `/v1/operator/accounts/${seller.accountId}/users`, { email, name: 'First', role: 'viewer' });
      expect(first.status).toBe(201);
      const again = await client.operator('POST', `/v1/operator/accounts/${seller.accountId}/users`, { email, name: 'Second', role: 'admin' });
      expectProblem(again, 409, 'EMAIL_TAKEN');
      const other = await world.seller();
      const elsewhere = await client.operator('POST', `/v1/operator/accounts/${other.accountId}/users`, { email, name: 'Third', role: 'admin' });
      expectProblem(elsewhere, 409, 'EMAIL_TAKEN');
      const partnerSide = await client.operator('POST', `/v1/operator/partners/${partner.id}/users`, { email: `dup-p-${Date.now()}@partner.test`, name: 'P1' });
      expect(partnerSide.status).toBe(201);
      const partnerAgain = await client.operator('POST', `/v1/operator/partners/${partner.id}/users`, { email: partnerSide.body.email, name: 'P2' });
      expectProblem(partnerAgain, 409, 'EMAIL_TAKEN');
      // The first user is still the one with that address, with its own role.
      const token = await world.token(first.body.id);
      const me = await client.get('/v1/me', token);
      expect(me.body).toMatchObject({ user: { id: first.body.id, email, name: 'First' }, role: 'viewer' });
    });

    it('refused requests write nothing: 400, 403, 404, 409, 413, 415, 422 around a live binding', async () => {
      const target = await world.partner();
      const live = await world.bind(seller, target);
      const before = await snapshot();
      const attempts: Array<[ApiResponse, number, string]> = [
        [await client.post(bindings(), seller.admin.token, { partnerId: target.id }), 409, 'BINDING_EXISTS'],
        [await client.post(bindings(), seller.admin.token, { partnerId: target.id, extra: 1 }), 400, 'VALIDATION_FAILED'],
        [await client.post(bindings(), seller.manager.token, { partnerId: partner.id }), 403, 'FORBIDDEN'],
        [await client.post(`${bindings()}/${live.id}/cancel`, seller.viewer.token), 403, 'FORBIDDEN'],
        [await client.post(`${bindings()}/${live.id}/cancel`, seller.admin.token, { reason: 'x' }), 400, 'VALIDATION_FAILED'],
        [await client.post(`/v1/partner/requests/${live.id}/decline`, target.user.token, { reason: 'r'.repeat(501) }), 400, 'VALIDATION_FAILED'],
        [await client.post(`/v1/partner/requests/${live.id}/confirm`, partner.user.token), 404, 'NOT_FOUND'],
        [await client.post(bindings(), seller.admin.token, { partnerId: partner.id, pad: 'p'.repeat(17 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
        [await client.post(bindings(), seller.admin.token, { partnerId: '00000000-0000-4000-8000-000000000000' }), 422, 'PARTNER_NOT_BINDABLE'],
        [
          await client.request('POST', bindings(), {
            token: seller.admin.token,
            rawBody: JSON.stringify({ partnerId: partner.id }),
            headers: { 'content-type': 'text/plain' },
          }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
      ];
      for (const [response, status, code] of attempts) expectProblem(response, status, code);
      expect(await snapshot()).toEqual(before);
      const detail = await client.get(`${bindings()}/${live.id}`, seller.admin.token);
      expect(detail.body.status).toBe('pending');
      expect(detail.body.events.map((e: any) => e.type)).toEqual(['binding.requested']);
    });

    it('invalid transitions are 409 INVALID_STATE, repeated ones 200 unchanged', async () => {
      const target = await world.partner();
      const live = await world.bind(seller, target);
      const declined = await client.post(`/v1/partner/requests/${live.id}/decline`, target.user.token, { reason: 'busy' });
      expect(declined.status).toBe(200);
      expectProblem(await client.post(`/v1/partner/requests/${live.id}/confirm`, target.user.token), 409, 'INVALID_STATE');
      expectProblem(await client.post(`${bindings()}/${live.id}/cancel`, seller.admin.token), 409, 'INVALID_STATE');
      const again = await client.post(`/v1/partner/requests/${live.id}/decline`, target.user.token, {});
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'declined', declineReason: 'busy', version: declined.body.version });
      const detail = await client.get(`${bindings()}/${live.id}`, seller.admin.token);
      expect(detail.body).toMatchObject({ status: 'declined', declineReason: 'busy', version: declined.body.version });
      expect(detail.body.events.map((e: any) => e.type)).toEqual(['binding.requested', 'binding.declined']);

      const other = await world.bind(seller, target);
      const cancelled = await client.post(`${bindings()}/${other.id}/cancel`, seller.admin.token);
      expect(cancelled.status).toBe(200);
      const cancelledAgain = await client.post(`${bindings()}/${other.id}/cancel`, seller.admin.token);
      expect(cancelledAgain.status).toBe(200);
      expect(cancelledAgain.body).toEqual(cancelled.body);
      expectProblem(await client.post(`/v1/partner/requests/${other.id}/confirm`, target.user.token), 409, 'INVALID_STATE');
    });
  });

  describe('MySQL unreachable', () => {
    let proxy: TcpProxy;
    let cut: TestStack;
    let s: Seller;
    let p1: Partner;
    let p2: Partner;

    beforeAll(async () => {
      proxy = await TcpProxy.start(stack.config.db.port, stack.config.db.host);
      cut = await TestStack.start({ env: { DB_HOST: '127.0.0.1', DB_PORT: String(proxy.port) }, worker: false });
      const w = new World(cut.client);
      [s, p1, p2] = await Promise.all([w.seller(), w.partner(), w.partner()]);
      await w.bind(s, p1);
    });

    afterAll(async () => {
      proxy?.restore();
      await cut?.stop();
      await proxy?.stop();
    });

    it('answers 503 UNAVAILABLE quickly while cut, /health/ready is 503, and recovers without a restart', async () => {
      const c = cut.client;
      const list = () => c.get(`/v1/accounts/${s.accountId}/bindings`, s.admin.token);
      const bind = () => c.post(`/v1/accounts/${s.accountId}/bindings`, s.admin.token, { partnerId: p2.id });
      expect((await list()).status).toBe(200);
      expect((await c.get('/health/ready')).status).toBe(200);

      proxy.cut();
      for (const call of [list, bind, list, bind]) {
        const started = Date.now();
        const response = await call();
        expect(Date.now() - started).toBeLessThan(5000);
        expectProblem(response, 503, 'UNAVAILABLE');
      }
      const started = Date.now();
      const ready = await c.get('/health/ready');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(ready.status).toBe(503);
      expect((await c.get('/health/live')).status).toBe(200);

      proxy.restore();
      await waitFor(async () => (await list()).status === 200, { timeoutMs: 15_000, what: 'the list to answer again' });
      await waitFor(async () => (await c.get('/health/ready')).status === 200, { timeoutMs: 15_000, what: 'ready again' });
      // Nothing was half-applied while cut: the bind is accepted now, once.
      const after = await bind();
      expect(after.status).toBe(202);
      const items = (await list()).body.items;
      expect(items.filter((b: any) => b.partnerId === p2.id).map((b: any) => b.id)).toEqual([after.body.id]);
      expect(items).toHaveLength(2);
      const detail = await c.get(`/v1/accounts/${s.accountId}/bindings/${after.body.id}`, s.admin.token);
      expect(detail.body.events.map((e: any) => e.type)).toEqual(['binding.requested']);
    });
  });
});
