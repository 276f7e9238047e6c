import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, World, type ApiResponse } from '@app/testing';

/** GET /v1/operator/users: the back office's list of seller and partner users (the cabinet's development picker). */
describe('operator user list', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists sellers then partners, paginated, with their account or partner, to the operator only', async () => {
    const seller = await world.seller('Listed Seller');
    const partner = await world.partner({ name: 'Listed Partner' });

    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const response: ApiResponse = await stack.client.operator('GET', `/v1/operator/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);

    expect(seen.map((u) => u.kind)).toEqual(['seller', 'seller', 'seller', 'partner']);
    expect(new Set(seen.map((u) => u.id)).size).toBe(4);
    const admin = seen.find((u) => u.id === seller.admin.id);
    expect(admin).toMatchObject({
      kind: 'seller',
      email: seller.admin.email,
      accountId: seller.accountId,
      account: { id: seller.accountId, name: 'Listed Seller' },
      role: 'admin',
      active: true,
    });
    expect(seen.at(-1)).toMatchObject({
      id: partner.user.id,
      kind: 'partner',
      partnerId: partner.id,
      partner: { id: partner.id, name: 'Listed Partner' },
      active: true,
    });

    const partnersOnly = await stack.client.operator('GET', '/v1/operator/users?kind=partner');
    expect(partnersOnly.body.items.map((u: any) => u.id)).toEqual([partner.user.id]);

    expect((await stack.client.get('/v1/operator/users', seller.admin.token)).status).toBe(401);
    expect((await stack.client.operator('GET', '/v1/operator/users?cursor=tampered.cursor')).body.code).toBe('VALIDATION_FAILED');
    expect((await stack.client.operator('GET', '/v1/operator/users?limit=0')).status).toBe(400);
    expect((await stack.client.operator('GET', '/v1/operator/users?kind=robot')).status).toBe(400);
  });
});
