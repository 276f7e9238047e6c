import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, World, expectProblem, sleep, type Partner, type Seller } from '@app/testing';

const NONE = { allowed: false, bindingId: null, scopes: [], endsAt: null };
const UNKNOWN = '01a21bf8-0ebf-73b7-a6c7-2502a0026217';

describe('GET /v1/operator/access (the API gateway asks)', () => {
  let stack: TestStack;
  let replica: TestStack['client'];
  let replicaApp: Awaited<ReturnType<TestStack['startApiReplica']>>['app'];
  let world: World;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ client: replica, app: replicaApp } = await stack.startApiReplica());
    world = new World(stack.client);
  });

  afterAll(async () => {
    await replicaApp?.close();
    await stack?.stop();
  });

  const check = async (seller: { accountId: string }, partner: { id: string }, scope: string, client = stack.client) => {
    const response = await client.operator('GET', `/v1/operator/access?accountId=${seller.accountId}&partnerId=${partner.id}&scope=${scope}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('allows only an active binding holding the scope; names the live binding otherwise', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    expect(await check(seller, partner, 'orders.read')).toEqual(NONE);

    const binding = await world.bind(seller, partner, ['products.read', 'orders.read']);
    expect(await check(seller, partner, 'orders.read')).toEqual({
      allowed: false,
      bindingId: binding.id,
      scopes: ['products.read', 'orders.read'],
      endsAt: null,
    });

    await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expect(await check(seller, partner, 'orders.read')).toEqual({
      allowed: true,
      bindingId: binding.id,
      scopes: ['products.read', 'orders.read'],
      endsAt: null,
    });
    expect(await check(seller, partner, 'finance.read')).toEqual({
      allowed: false,
      bindingId: binding.id,
      scopes: ['products.read', 'orders.read'],
      endsAt: null,
    });

    // Another account, another partner: nothing granted.
    const other = await world.seller();
    const stranger = await world.partner();
    expect(await check(other, partner, 'orders.read')).toEqual(NONE);
    expect(await check(seller, stranger, 'orders.read')).toEqual(NONE);
  });

  it('sees a narrowing and a cancel in the very next check, from another API replica', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    const binding = await world.bind(seller, partner, ['products.read', 'orders.read']);
    await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expect((await check(seller, partner, 'orders.read', replica)).allowed).toBe(true);

    const narrowed = await stack.client.patch(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.admin.token, { scopes: ['products.read'] });
    expect(narrowed.status).toBe(200);
    expect(await check(seller, partner, 'orders.read', replica)).toEqual({ allowed: false, bindingId: binding.id, scopes: ['products.read'], endsAt: null });
    expect((await check(seller, partner, 'products.read', replica)).allowed).toBe(true);

    const cancelled = await replica.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token);
    expect(cancelled.status).toBe(200);
    expect(await check(seller, partner, 'products.read')).toEqual(NONE);
  });

  it('answers the fixed term of the binding it allowed', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    const asked = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, {
      partnerId: partner.id,
      scopes: ['ads.write'],
      endsAt,
    });
    expect(asked.status).toBe(202);
    await stack.client.post(`/v1/partner/requests/${asked.body.id}/confirm`, partner.user.token);
    expect(await check(seller, partner, 'ads.write')).toEqual({ allowed: true, bindingId: asked.body.id, scopes: ['ads.write'], endsAt: asked.body.endsAt });
  });

  it('answers unknown accounts and partners with allowed: false, never 404', async () => {
    expect(await check({ accountId: UNKNOWN }, { id: UNKNOWN }, 'ads.write')).toEqual(NONE);
  });

  it('refuses missing or invalid parameters (400) and anyone but the operator (401)', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    const ok = { accountId: seller.accountId, partnerId: partner.id, scope: 'orders.read' };
    const bad: Array<Record<string, string>> = [
      {},
      { partnerId: partner.id, scope: 'orders.read' },
      { accountId: seller.accountId, scope: 'orders.read' },
      { accountId: seller.accountId, partnerId: partner.id },
      { ...ok, accountId: 'not-a-uuid' },
      { ...ok, partnerId: `${partner.id}x` },
      { ...ok, scope: 'orders.delete' },
      { ...ok, scope: '' },
      { ...ok, scope: '['.repeat(2000) },
    ];
    for (const params of bad) {
      expectProblem(await stack.client.operator('GET', `/v1/operator/access?${new URLSearchParams(params)}`), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await stack.client.get(`/v1/operator/access?${new URLSearchParams(ok)}`, seller.admin.token), 401, 'UNAUTHENTICATED');
    expectProblem(await stack.client.get(`/v1/operator/access?${new URLSearchParams(ok)}`, partner.user.token), 401, 'UNAUTHENTICATED');
    expectProblem(await stack.client.get(`/v1/operator/access?${new URLSearchParams(ok)}`), 401, 'UNAUTHENTICATED');
  });
});

describe('GET /v1/operator/access with a pending request past its expiry', () => {
  let stack: TestStack;
  let world: World;
  let seller: Seller;
  let partner: Partner;

  beforeAll(async () => {
    // No worker: nothing records the expiry, so only the check's own reading of expiresAt can say it.
    stack = await TestStack.start({ worker: false, env: { BINDING_REQUEST_TTL_SECONDS: '1' } });
    world = new World(stack.client);
    seller = await world.seller();
    partner = await world.partner();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts it as no live binding before any job has expired it', async () => {
    const binding = await world.bind(seller, partner);
    await sleep(1100);
    const response = await stack.client.operator('GET', `/v1/operator/access?accountId=${seller.accountId}&partnerId=${partner.id}&scope=orders.read`);
    expect(response.body).toEqual(NONE);
    expect((await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.viewer.token)).body.status).toBe('pending');
  });
});
