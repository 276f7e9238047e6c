import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@app/auth';
import { TestStack, World, expectProblem, b64url, claimsOf, handMadeJwt as jwt, waitFor, type ApiClient, type Partner, type Seller } from '@app/testing';

describe('access control', () => {
  let stack: TestStack;
  let world: World;
  let client: ApiClient;
  let a: Seller;
  let b: Seller;
  let partner: Partner;
  let otherPartner: Partner;
  let binding: any;

  beforeAll(async () => {
    stack = await TestStack.start();
    client = stack.client;
    world = new World(client);
    [a, b, partner, otherPartner] = await Promise.all([world.seller(), world.seller(), world.partner(), world.partner()]);
    binding = await world.bind(a, partner);
    // A's notifications exist (so a 404 for B is isolation, not emptiness).
    await waitFor(async () => (await client.get(`/v1/accounts/${a.accountId}/notifications`, a.viewer.token)).body.items?.length > 0, { what: 'A notice' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function bindingOfA(): Promise<any> {
    const response = await client.get(`/v1/accounts/${a.accountId}/bindings/${binding.id}`, a.admin.token);
    expect(response.status).toBe(200);
    return response.body;
  }

  describe('tenant isolation', () => {
    it("an admin of account B gets 404 for everything under account A, and A's binding is untouched", async () => {
      const base = `/v1/accounts/${a.accountId}`;
      expectProblem(await client.get(`${base}/bindings`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.get(`${base}/bindings/${binding.id}`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.post(`${base}/bindings/${binding.id}/cancel`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.get(`${base}/helpful-contacts`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.get(`${base}/notifications`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.post(`${base}/bindings`, b.admin.token, { partnerId: otherPartner.id }), 404, 'NOT_FOUND');

      // A's binding id through B's own account path is not found either.
      expectProblem(await client.get(`/v1/accounts/${b.accountId}/bindings/${binding.id}`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.post(`/v1/accounts/${b.accountId}/bindings/${binding.id}/cancel`, b.admin.token), 404, 'NOT_FOUND');

      // The 404 for someone else's account looks like the one for an account that does not exist.
      const missing = await client.get(`/v1/accounts/00000000-0000-4000-8000-000000000000/bindings`, b.admin.token);
      expectProblem(missing, 404, 'NOT_FOUND');

      expect((await bindingOfA()).status).toBe('pending');
      const bList = await client.get(`/v1/accounts/${b.accountId}/bindings`, b.admin.token);
      expect(bList.status).toBe(200);
      expect(bList.body.items).toEqual([]);
    });

    it('a user of another partner gets 404 for confirm/decline of a request not addressed to it', async () => {
      expectProblem(await client.post(`/v1/partner/requests/${binding.id}/confirm`, otherPartner.user.token), 404, 'NOT_FOUND');
      expectProblem(await client.post(`/v1/partner/requests/${binding.id}/decline`, otherPartner.user.token, { reason: 'not ours' }), 404, 'NOT_FOUND');
      const theirs = await client.get('/v1/partner/requests', otherPartner.user.token);
      expect(theirs.status).toBe(200);
      expect(theirs.body.items).toEqual([]);
      const ours = await client.get('/v1/partner/requests', partner.user.token);
      expect(ours.body.items.map((r: any) => r.id)).toContain(binding.id);
      expect((await bindingOfA()).status).toBe('pending');
    });
  });

  describe('kinds of caller', () => {
    it('a seller user on /v1/partner/* gets 403 FORBIDDEN', async () => {
      expectProblem(await client.get('/v1/partner/requests', a.admin.token), 403, 'FORBIDDEN');
      expectProblem(await client.post(`/v1/partner/requests/${binding.id}/confirm`, a.admin.token), 403, 'FORBIDDEN');
      expectProblem(await client.get('/v1/partner/webhook', a.viewer.token), 403, 'FORBIDDEN');
      expect((await bindingOfA()).status).toBe('pending');
    });

    it('a partner user on /v1/accounts/* and /v1/partners gets 403 FORBIDDEN', async () => {
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/bindings`, partner.user.token), 403, 'FORBIDDEN');
      expectProblem(await client.post(`/v1/accounts/${a.accountId}/bindings/${binding.id}/cancel`, partner.user.token), 403, 'FORBIDDEN');
      expectProblem(await client.get('/v1/partners', partner.user.token), 403, 'FORBIDDEN');
      expectProblem(await client.get(`/v1/partners/${partner.id}`, partner.user.token), 403, 'FORBIDDEN');
      expect((await bindingOfA()).status).toBe('pending');
    });

    it('the operator token on a seller route is 401, a user token on /v1/operator/* is 401', async () => {
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/bindings`, stack.config.operatorToken), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get('/v1/partners', stack.config.operatorToken), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get('/v1/me', stack.config.operatorToken), 401, 'UNAUTHENTICATED');
      expectProblem(await client.post('/v1/operator/accounts', a.admin.token, { name: 'Sneaky' }), 401, 'UNAUTHENTICATED');
      expectProblem(await client.post('/v1/operator/tokens', partner.user.token, { userId: a.admin.id }), 401, 'UNAUTHENTICATED');
      expectProblem(await client.patch(`/v1/operator/accounts/${a.accountId}/users/${a.viewer.id}`, a.admin.token, { role: 'admin' }), 401, 'UNAUTHENTICATED');
      const me = await client.get('/v1/me', a.viewer.token);
      expect(me.body.role).toBe('viewer');
    });
  });

  describe('roles', () => {
    it('manager and viewer cannot bind or cancel (403) but can read', async () => {
      for (const user of [a.manager, a.viewer]) {
        expectProblem(await client.post(`/v1/accounts/${a.accountId}/bindings`, user.token, { partnerId: otherPartner.id }), 403, 'FORBIDDEN');
        expectProblem(await client.post(`/v1/accounts/${a.accountId}/bindings/${binding.id}/cancel`, user.token), 403, 'FORBIDDEN');

        const list = await client.get(`/v1/accounts/${a.accountId}/bindings`, user.token);
        expect(list.status).toBe(200);
        expect(list.body.items.map((x: any) => x.id)).toEqual([binding.id]);
        const one = await client.get(`/v1/accounts/${a.accountId}/bindings/${binding.id}`, user.token);
        expect(one.status).toBe(200);
        expect((await client.get(`/v1/accounts/${a.accountId}/helpful-contacts`, user.token)).status).toBe(200);
        expect((await client.get(`/v1/accounts/${a.accountId}/notifications`, user.token)).status).toBe(200);
        expect((await client.get('/v1/partners', user.token)).status).toBe(200);
      }
      const list = await client.get(`/v1/accounts/${a.accountId}/bindings`, a.admin.token);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0].status).toBe('pending');
    });

    it('/v1/me tells each user who they are; bindings:manage exactly for admin', async () => {
      for (const user of [a.admin, a.manager, a.viewer]) {
        const me = await client.get('/v1/me', user.token);
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({
          user: { id: user.id, email: user.email },
          kind: 'seller',
          account: { id: a.accountId, name: a.name },
          role: user.role,
        });
        expect(Array.isArray(me.body.permissions)).toBe(true);
        expect(me.body.permissions.includes('bindings:manage')).toBe(user.role === 'admin');
      }
      const me = await client.get('/v1/me', partner.user.token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ user: { id: partner.user.id }, kind: 'partner', partner: { id: partner.id, name: partner.name } });
      expect(me.body.permissions).not.toContain('bindings:manage');
      expect(me.body.account).toBeUndefined();
    });

    it('a demotion takes effect on the very next request; a deactivation gives 401 at once and no new token', async () => {
      const admin = await world.sellerUser(a.accountId, 'admin');
      const [p1, p2] = await Promise.all([world.partner(), world.partner()]);
      const bound = await client.post(`/v1/accounts/${a.accountId}/bindings`, admin.token, { partnerId: p1.id });
      expect(bound.status).toBe(202);

      const demoted = await client.operator('PATCH', `/v1/operator/accounts/${a.accountId}/users/${admin.id}`, { role: 'viewer' });
      expect(demoted.status).toBe(200);
      expect(demoted.body.role).toBe('viewer');
      expectProblem(await client.post(`/v1/accounts/${a.accountId}/bindings`, admin.token, { partnerId: p2.id }), 403, 'FORBIDDEN');
      expectProblem(await client.post(`/v1/accounts/${a.accountId}/bindings/${bound.body.id}/cancel`, admin.token), 403, 'FORBIDDEN');
      const me = await client.get('/v1/me', admin.token);
      expect(me.body.role).toBe('viewer');
      expect(me.body.permissions).not.toContain('bindings:manage');
      expect((await client.get(`/v1/accounts/${a.accountId}/bindings`, admin.token)).status).toBe(200);

      const deactivated = await client.operator('PATCH', `/v1/operator/accounts/${a.accountId}/users/${admin.id}`, { active: false });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.active).toBe(false);
      expectProblem(await client.get('/v1/me', admin.token), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/bindings`, admin.token), 401, 'UNAUTHENTICATED');

      const minted = await client.operator('POST', '/v1/operator/tokens', { userId: admin.id });
      expect(minted.status).not.toBe(201);
      expect(minted.status).toBeGreaterThanOrEqual(400);
      expect(minted.status).toBeLessThan(500);
      expect(minted.contentType).toContain('application/problem+json');
      expect(minted.body.accessToken).toBeUndefined();

      // Nothing the demoted user tried got through.
      const list = await client.get(`/v1/accounts/${a.accountId}/bindings?status=pending,active`, a.admin.token);
      expect(list.body.items.map((x: any) => x.partnerId)).not.toContain(p2.id);
      expect((await client.get(`/v1/accounts/${a.accountId}/bindings/${bound.body.id}`, a.admin.token)).body.status).toBe('pending');
    });
  });

  describe('tokens', () => {
    const now = () => Math.floor(Date.now() / 1000);

    it('a token we sign ourselves with the service secret works (so the forgeries below are only wrong where we mean)', async () => {
      const token = jwt(
        { alg: 'HS256', typ: 'JWT' },
        { sub: a.viewer.id, kind: 'seller', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now(), exp: now() + 600 },
        stack.config.jwtSecret,
      );
      const me = await client.get('/v1/me', token);
      expect(me.status).toBe(200);
      expect(me.body.user.id).toBe(a.viewer.id);
    });

    it('a token accepted before (remembered as verified) is refused from its exp second on, and a changed byte is never taken for it', async () => {
      const exp = now() + 2;
      const token = jwt(
        { alg: 'HS256', typ: 'JWT' },
        { sub: a.viewer.id, kind: 'seller', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now(), exp },
        stack.config.jwtSecret,
      );
      expect((await client.get('/v1/me', token)).status).toBe(200);
      // A signature character in the middle (every bit of it counts), not the last one (whose low bits are padding).
      const at = token.length - 5;
      const changed = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      expectProblem(await client.get('/v1/me', changed), 401, 'UNAUTHENTICATED');
      expect((await client.get('/v1/me', token)).status).toBe(200);
      await waitFor(() => now() >= exp, { intervalMs: 50, timeoutMs: 5000, what: "the token's exp second" });
      expectProblem(await client.get('/v1/me', token), 401, 'UNAUTHENTICATED');
    });

    it('missing, malformed, wrongly signed and alg-none tokens are 401 UNAUTHENTICATED', async () => {
      const claims = { sub: a.admin.id, kind: 'seller', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now(), exp: now() + 600 };
      const cases: Array<[string, Record<string, string>]> = [
        ['missing', {}],
        ['empty bearer', { authorization: 'Bearer ' }],
        ['not bearer', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
        ['garbage', { authorization: 'Bearer not-a-jwt' }],
        ['three garbage parts', { authorization: 'Bearer aaa.bbb.ccc' }],
        ['truncated', { authorization: `Bearer ${a.admin.token.slice(0, -5)}` }],
        ['wrong signature', { authorization: `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'some-other-secret-that-is-long-enough-000')}` }],
        ['alg none', { authorization: `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, claims, null)}` }],
        ['alg none with sig', { authorization: `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, claims, stack.config.jwtSecret)}` }],
        [
          'payload swapped',
          {
            authorization: `Bearer ${a.viewer.token.split('.')[0]}.${b64url({ ...claimsOf(a.viewer.token), sub: a.admin.id })}.${a.viewer.token.split('.')[2]}`,
          },
        ],
        [
          'no exp',
          {
            authorization: `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { sub: a.admin.id, kind: 'seller', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now() }, stack.config.jwtSecret)}`,
          },
        ],
        [
          'no iss or aud',
          {
            authorization: `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { sub: a.admin.id, kind: 'seller', iat: now(), exp: now() + 600 }, stack.config.jwtSecret)}`,
          },
        ],
        [
          'another issuer',
          { authorization: `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'https://someone-else.example/' }, stack.config.jwtSecret)}` },
        ],
        ['another audience', { authorization: `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'another-service' }, stack.config.jwtSecret)}` }],
      ];
      for (const [what, headers] of cases) {
        for (const [method, path, body] of [
          ['GET', '/v1/me', undefined],
          ['POST', `/v1/accounts/${a.accountId}/bindings`, { partnerId: otherPartner.id }],
        ] as const) {
          const response = await client.request(method, path, { headers, body });
          try {
            expectProblem(response, 401, 'UNAUTHENTICATED');
          } catch (error) {
            throw new Error(`${what} ${method} ${path}: ${(error as Error).message}`);
          }
        }
      }
      const list = await client.get(`/v1/accounts/${a.accountId}/bindings?status=pending,active`, a.admin.token);
      expect(list.body.items.map((x: any) => x.partnerId)).not.toContain(otherPartner.id);
    });

    it('an expired token (ttlSeconds: 1) is refused from its exp second on', async () => {
      // Mint early in a second, so the token is certainly still valid on the first request.
      await waitFor(() => Date.now() % 1000 < 300, { what: 'the start of a second', intervalMs: 5 });
      const token = await world.token(a.viewer.id, 1);
      const { exp } = claimsOf(token);
      expect((await client.get('/v1/me', token)).status).toBe(200);
      await waitFor(() => now() >= exp, { what: 'the exp second', timeoutMs: 3000 });
      expectProblem(await client.get('/v1/me', token), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/bindings`, token), 401, 'UNAUTHENTICATED');
    });
  });

  describe('check order (docs/API.md#check-order)', () => {
    const malformed = '{"partnerId": ';

    it('unauthenticated + malformed body → 401', async () => {
      const response = await client.request('POST', `/v1/accounts/${a.accountId}/bindings`, {
        rawBody: malformed,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(response, 401, 'UNAUTHENTICATED');
      const wrongType = await client.request('POST', `/v1/accounts/${a.accountId}/bindings`, { rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
      expectProblem(wrongType, 401, 'UNAUTHENTICATED');
    });

    it('partner user + invalid body on a seller route → 403; seller + invalid body on a partner route → 403', async () => {
      const response = await client.request('POST', `/v1/accounts/${a.accountId}/bindings`, {
        token: partner.user.token,
        rawBody: malformed,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(response, 403, 'FORBIDDEN');
      expectProblem(await client.post(`/v1/partner/requests/${binding.id}/decline`, a.admin.token, { reason: 5, extra: true }), 403, 'FORBIDDEN');
    });

    it('admin of another account + invalid body → 404', async () => {
      expectProblem(await client.post(`/v1/accounts/${a.accountId}/bindings`, b.admin.token, { partnerId: 'nope', extra: 1 }), 404, 'NOT_FOUND');
      const raw = await client.request('POST', `/v1/accounts/${a.accountId}/bindings`, {
        token: b.admin.token,
        rawBody: malformed,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(raw, 404, 'NOT_FOUND');
    });

    it('viewer + invalid body on bind → 403', async () => {
      expectProblem(await client.post(`/v1/accounts/${a.accountId}/bindings`, a.viewer.token, { partnerId: 'nope', extra: 1 }), 403, 'FORBIDDEN');
      const raw = await client.request('POST', `/v1/accounts/${a.accountId}/bindings`, {
        token: a.viewer.token,
        rawBody: malformed,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(raw, 403, 'FORBIDDEN');
    });

    it('admin of the account + invalid body → 400 (the body was really invalid)', async () => {
      const response = await client.post(`/v1/accounts/${a.accountId}/bindings`, a.admin.token, { partnerId: 'nope', extra: 1 });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      const raw = await client.request('POST', `/v1/accounts/${a.accountId}/bindings`, {
        token: a.admin.token,
        rawBody: malformed,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(raw, 400, 'VALIDATION_FAILED');
    });

    it('a partner answering a request of another partner with an invalid body → 404 (the binding belongs to the caller is checked before the body)', async () => {
      expectProblem(await client.post(`/v1/partner/requests/${binding.id}/decline`, otherPartner.user.token, { reason: 'x'.repeat(501) }), 404, 'NOT_FOUND');
      expectProblem(await client.post(`/v1/partner/requests/${binding.id}/confirm`, otherPartner.user.token, { extra: true }), 404, 'NOT_FOUND');
      expect((await bindingOfA()).status).toBe('pending');
    });

    it("a seller cancelling another account's binding through its own account path with an invalid body → 404", async () => {
      expectProblem(await client.post(`/v1/accounts/${b.accountId}/bindings/${binding.id}/cancel`, b.admin.token, { extra: true }), 404, 'NOT_FOUND');
      expect((await bindingOfA()).status).toBe('pending');
    });

    it("a viewer cancelling a binding that is not their account's → 404 (ownership before role)", async () => {
      expectProblem(await client.post(`/v1/accounts/${b.accountId}/bindings/${binding.id}/cancel`, b.viewer.token), 404, 'NOT_FOUND');
      expect((await bindingOfA()).status).toBe('pending');
    });
  });
});
