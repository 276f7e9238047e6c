import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, World, expectProblem } from '@app/testing';

describe('live-partner limit over HTTP (MAX_LIVE_PARTNERS_PER_ACCOUNT and PATCH /v1/operator/accounts/:accountId)', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { MAX_LIVE_PARTNERS_PER_ACCOUNT: '1' } });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers a "Turn On" past the cap with 409 PARTNER_LIMIT_REACHED, and the operator can lift or change it per account', async () => {
    const seller = await world.seller();
    const [p1, p2, p3] = [await world.partner(), await world.partner(), await world.partner()];
    await world.bind(seller, p1);
    const refused = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: p2.id });
    expectProblem(refused, 409, 'PARTNER_LIMIT_REACHED');
    expect((await stack.client.get(`/v1/accounts/${seller.accountId}/bindings`, seller.viewer.token)).body.items).toHaveLength(1);

    const raised = await stack.client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { maxLivePartners: 2 });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ id: seller.accountId, name: seller.name, maxLivePartners: 2 });
    await world.bind(seller, p2);
    expectProblem(await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: p3.id }), 409, 'PARTNER_LIMIT_REACHED');

    expect((await stack.client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { maxLivePartners: 0 })).body.maxLivePartners).toBe(0);
    await world.bind(seller, p3);

    const back = await stack.client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { maxLivePartners: null });
    expect(back.body.maxLivePartners).toBeNull();
  });

  it('refuses bad values (400), unknown accounts (404) and anyone but the operator (401)', async () => {
    const seller = await world.seller();
    for (const maxLivePartners of [-1, 1.5, '2', true, 1_000_001]) {
      expectProblem(await stack.client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { maxLivePartners }), 400, 'VALIDATION_FAILED');
    }
    expectProblem(
      await stack.client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { maxLivePartners: 1, name: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await stack.client.operator('PATCH', '/v1/operator/accounts/01a21bf8-0ebf-73b7-a6c7-2502a0026217', { maxLivePartners: 1 }), 404, 'NOT_FOUND');
    expectProblem(await stack.client.patch(`/v1/operator/accounts/${seller.accountId}`, seller.admin.token, { maxLivePartners: 5 }), 401, 'UNAUTHENTICATED');
    expect((await stack.client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, {})).body.maxLivePartners).toBeNull();
  });
});
