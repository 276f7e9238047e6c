import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, World, expectProblem, type ApiClient, type Partner, type Seller } from '@app/testing';

describe('GET /v1/partner/requests/:bindingId (a partner reads one request with its trail)', () => {
  let stack: TestStack;
  let client: ApiClient;
  let world: World;
  let seller: Seller;
  let partner: Partner;
  let otherPartner: Partner;

  beforeAll(async () => {
    stack = await TestStack.start();
    client = stack.client;
    world = new World(client);
    [seller, partner, otherPartner] = await Promise.all([world.seller(), world.partner(), world.partner()]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows the binding, the requesting account and every transition, oldest first', async () => {
    const first = await world.bind(seller, partner);
    const reason = 'Not this quarter, sorry: "busy", really';
    expect((await client.post(`/v1/partner/requests/${first.id}/decline`, partner.user.token, { reason })).status).toBe(200);
    const second = await world.bind(seller, partner);
    expect((await client.post(`/v1/partner/requests/${second.id}/confirm`, partner.user.token)).status).toBe(200);
    expect((await client.post(`/v1/accounts/${seller.accountId}/bindings/${second.id}/cancel`, seller.admin.token)).status).toBe(200);

    const declined = await client.get(`/v1/partner/requests/${first.id}`, partner.user.token);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ id: first.id, accountId: seller.accountId, partnerId: partner.id, status: 'declined', declineReason: reason });
    expect(declined.body.account).toEqual({ id: seller.accountId, name: seller.name });
    expect(declined.body.events.map((e: any) => [e.type, e.actorKind, e.fromStatus, e.toStatus])).toEqual([
      ['binding.requested', 'seller', null, 'pending'],
      ['binding.declined', 'partner', 'pending', 'declined'],
    ]);
    expect(declined.body.events[1]).toMatchObject({ bindingId: first.id, actorId: partner.user.id, data: { reason } });

    const cancelled = await client.get(`/v1/partner/requests/${second.id}`, partner.user.token);
    expect(cancelled.body.status).toBe('cancelled');
    const trail = cancelled.body.events as any[];
    expect(trail.map((e) => e.type)).toEqual(['binding.requested', 'binding.confirmed', 'binding.cancelled']);
    expect(trail.map((e) => e.at)).toEqual([...trail.map((e) => e.at)].sort());
    expect(trail[2]).toMatchObject({ actorKind: 'seller', actorId: seller.admin.id });

    // The seller's own view of the binding has the very same trail.
    const sellerView = await client.get(`/v1/accounts/${seller.accountId}/bindings/${second.id}`, seller.viewer.token);
    expect(sellerView.body.events).toEqual(trail);
  });

  it("another partner's request, an unknown id and a malformed id are all the same 404", async () => {
    const binding = await world.bind(seller, otherPartner);
    expectProblem(await client.get(`/v1/partner/requests/${binding.id}`, partner.user.token), 404, 'NOT_FOUND');
    expectProblem(await client.get('/v1/partner/requests/00000000-0000-4000-8000-000000000000', partner.user.token), 404, 'NOT_FOUND');
    expectProblem(await client.get('/v1/partner/requests/not-a-uuid', partner.user.token), 404, 'NOT_FOUND');
    expect((await client.get(`/v1/partner/requests/${binding.id}`, otherPartner.user.token)).status).toBe(200);
  });

  it('a seller user gets 403, no token 401, the operator token 401', async () => {
    const binding = await world.bind(seller, partner);
    expectProblem(await client.get(`/v1/partner/requests/${binding.id}`, seller.admin.token), 403, 'FORBIDDEN');
    expectProblem(await client.get(`/v1/partner/requests/${binding.id}`, null), 401, 'UNAUTHENTICATED');
    expectProblem(await client.get(`/v1/partner/requests/${binding.id}`, client.operatorToken), 401, 'UNAUTHENTICATED');
  });
});
