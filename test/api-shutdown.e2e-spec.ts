import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { TestStack, World, sleep } from '@app/testing';

/**
 * Stopping an API process (SIGTERM → app.close()) lets the requests in flight finish before it lets go of the
 * database: the HTTP server drains first, and "Turn On"'s own connection pool closes only after it.
 */
describe('API shutdown with a bind in flight', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('a bind waiting on the database while its process shuts down is answered 202 and written', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    // With a live-partner cap the bind locks its account row: holding that lock keeps the bind waiting in the database.
    expect((await stack.client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { maxLivePartners: 5 })).status).toBe(200);
    const { app, client } = await stack.startApiReplica();
    // The test client checks answers against the process's own OpenAPI document: fetched now, while it still serves.
    expect((await client.get('/v1/me', seller.admin.token)).status).toBe(200);
    const holder = stack.api.get(DataSource).createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [seller.accountId]);
      const bind = client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id });
      await sleep(300); // the bind is waiting for the account's lock
      const closing = app.close();
      await sleep(300); // the shutdown has begun and waits for the request in flight
      await holder.rollbackTransaction();
      const answer = await bind;
      expect(answer.status).toBe(202);
      await closing;
      const list = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token);
      expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([answer.body.id]);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
