import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenService } from '@app/auth';
import { TestStack, World, sleep, waitFor, type ApiClient, type Seller } from '@app/testing';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

/** The marketplace's identity provider, as far as the service sees it: a JWKS document over HTTP. */
class FakeIdentityProvider {
  readonly issuer = 'https://idp.marketplace.test/';
  readonly audience = 'partner-binding-test';
  jwksRequests = 0;
  private published: JWK[] = [];
  private server: Server | null = null;
  private readonly keys = new Map<string, { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; alg: string }>();

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.jwksRequests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.published }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get jwksUrl(): string {
    const { port } = this.server!.address() as { port: number };
    return `http://127.0.0.1:${port}/.well-known/jwks.json`;
  }

  /** A new signing key; `publish` puts it in the JWKS (alone: the old ones are withdrawn). */
  async addKey(kid: string, alg: 'RS256' | 'ES256', publish = true): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    this.keys.set(kid, { privateKey, alg });
    if (publish) this.published = [{ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }];
  }

  async token(kid: string, claims: { sub: string; iss?: string; aud?: string; iat?: number }, ttlSeconds = 600): Promise<string> {
    const key = this.keys.get(kid)!;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: key.alg, kid })
      .setSubject(claims.sub)
      .setIssuer(claims.iss ?? this.issuer)
      .setAudience(claims.aud ?? this.audience)
      .setIssuedAt(claims.iat ?? now)
      .setExpirationTime(now + ttlSeconds)
      .sign(key.privateKey);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('access tokens: revocation, issuer and audience, one verification per request, an external identity provider', () => {
  const idp = new FakeIdentityProvider();
  let stack: TestStack;
  let client: ApiClient;
  let world: World;
  let seller: Seller;

  beforeAll(async () => {
    await idp.start();
    await idp.addKey('rsa-1', 'RS256');
    stack = await TestStack.start({ worker: false, env: { JWT_JWKS_URL: idp.jwksUrl, JWT_ISSUER: idp.issuer, JWT_AUDIENCE: idp.audience } });
    client = stack.client;
    world = new World(client);
    seller = await world.seller();
  });

  afterAll(async () => {
    await stack?.stop();
    await idp.stop();
  });

  const setActive = async (userId: string, active: boolean) =>
    expect((await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}/users/${userId}`, { active })).status).toBe(200);

  it('minted tokens name this service as issuer and audience', async () => {
    const claims = claimsOf(seller.viewer.token);
    expect(claims).toMatchObject({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, sub: seller.viewer.id });
  });

  it('deactivating a user revokes every token minted before; reactivating does not revive them; a new token minted in the same second works', async () => {
    const user = await world.sellerUser(seller.accountId, 'manager');
    const older = user.token;
    // Token, deactivation, reactivation and new token within one second, so a whole-second iat could not tell them
    // apart (retried when a busy machine spreads them over two seconds).
    let justBefore = '';
    let fresh = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      await waitFor(() => Date.now() % 1000 < 100, { intervalMs: 5, what: 'the start of a second' });
      justBefore = await world.token(user.id);
      await setActive(user.id, false);
      await setActive(user.id, true);
      fresh = await world.token(user.id);
      if (Math.floor(claimsOf(fresh).iat) === Math.floor(claimsOf(justBefore).iat)) break;
    }
    expect(Math.floor(claimsOf(fresh).iat)).toBe(Math.floor(claimsOf(justBefore).iat));

    for (const token of [older, justBefore]) {
      const me = await client.get('/v1/me', token);
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('UNAUTHENTICATED');
    }
    expect((await client.get('/v1/me', fresh)).status).toBe(200);
    expect((await client.get(`/v1/accounts/${seller.accountId}/bindings`, fresh)).status).toBe(200);
  });

  it('the same holds for partner users', async () => {
    const partner = await world.partner();
    const before = partner.user.token;
    await waitFor(() => Date.now() % 1000 < 150, { intervalMs: 5, what: 'the start of a second' });
    for (const active of [false, true])
      expect((await client.operator('PATCH', `/v1/operator/partners/${partner.id}/users/${partner.user.id}`, { active })).status).toBe(200);
    const fresh = await world.token(partner.user.id);
    expect((await client.get('/v1/partner/requests', before)).status).toBe(401);
    expect((await client.get('/v1/partner/requests', fresh)).status).toBe(200);
  });

  it('verifies a bearer token once per request (the rate limiter and the guard share the outcome)', async () => {
    const tokens = stack.api.get(TokenService);
    const verify = jest.spyOn(tokens as unknown as { verify: (token: string | null) => Promise<unknown> }, 'verify');
    try {
      for (const [token, path] of [
        [seller.admin.token, `/v1/accounts/${seller.accountId}/bindings`],
        [stack.config.operatorToken, '/v1/operator/users'],
        ['not-a-jwt', '/v1/me'],
      ] as const) {
        verify.mockClear();
        const response = await client.get(path, token);
        expect(response.status).toBe(token === 'not-a-jwt' ? 401 : 200);
        expect(verify).toHaveBeenCalledTimes(1);
      }
    } finally {
      verify.mockRestore();
    }
  });

  describe('tokens of the marketplace identity provider (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE)', () => {
    let mapped: { id: string };

    beforeAll(async () => {
      const created = await client.operator('POST', `/v1/operator/accounts/${seller.accountId}/users`, {
        email: `idp-${Date.now()}@seller.test`,
        name: 'Via IdP',
        role: 'admin',
        externalSubject: 'idp|anna',
      });
      expect(created.status).toBe(201);
      expect(created.body.externalSubject).toBe('idp|anna');
      mapped = created.body;
    });

    it('accepts a token signed by a published key, mapping its sub to the user with that external subject', async () => {
      const me = await client.get('/v1/me', await idp.token('rsa-1', { sub: 'idp|anna' }));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ kind: 'seller', user: { id: mapped.id }, role: 'admin' });
    });

    it('refuses a foreign issuer, another audience, an unknown subject, and a key the provider never published', async () => {
      await idp.addKey('rsa-unpublished', 'RS256', false);
      const refused = [
        await idp.token('rsa-1', { sub: 'idp|anna', iss: 'https://evil.example/' }),
        await idp.token('rsa-1', { sub: 'idp|anna', aud: 'another-service' }),
        await idp.token('rsa-1', { sub: 'idp|nobody' }),
        await idp.token('rsa-unpublished', { sub: 'idp|anna' }),
      ];
      for (const token of refused) {
        const me = await client.get('/v1/me', token);
        expect(me.status).toBe(401);
        expect(me.body.code).toBe('UNAUTHENTICATED');
      }
    });

    it('follows a key rotation at the provider: an unknown kid fetches the key set again', async () => {
      expect((await client.get('/v1/me', await idp.token('rsa-1', { sub: 'idp|anna' }))).status).toBe(200);
      const fetchesBefore = idp.jwksRequests;
      await idp.addKey('ec-2', 'ES256'); // published alone: rsa-1 is withdrawn
      await sleep(1100); // the service refetches at most once a second
      expect((await client.get('/v1/me', await idp.token('ec-2', { sub: 'idp|anna' }))).status).toBe(200);
      expect(idp.jwksRequests).toBeGreaterThan(fetchesBefore);
    });

    it('a deactivation revokes the provider’s tokens issued before it too', async () => {
      const token = await idp.token('ec-2', { sub: 'idp|anna', iat: Math.floor(Date.now() / 1000) - 5 });
      expect((await client.get('/v1/me', token)).status).toBe(200);
      await setActive(mapped.id, false);
      await setActive(mapped.id, true);
      expect((await client.get('/v1/me', token)).status).toBe(401);
      await sleep(1000); // the provider's iat is in whole seconds: a token from the next second on is after the cut-off
      expect((await client.get('/v1/me', await idp.token('ec-2', { sub: 'idp|anna' }))).status).toBe(200);
    });

    it('an external subject is unique per kind of user (409 EXTERNAL_SUBJECT_TAKEN) and can be removed', async () => {
      const other = await world.sellerUser(seller.accountId, 'viewer');
      const taken = await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}/users/${other.id}`, { externalSubject: 'idp|anna' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('EXTERNAL_SUBJECT_TAKEN');
      const removed = await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}/users/${mapped.id}`, { externalSubject: null });
      expect(removed.body.externalSubject).toBeNull();
      expect((await client.get('/v1/me', await idp.token('ec-2', { sub: 'idp|anna' }))).status).toBe(401);
    });
  });
});
