import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { TestStack, World, expectProblem, sleep, waitFor, type ApiClient, type Partner, type Seller } from '@app/testing';
import { createWorkerApp } from '../apps/worker/src/bootstrap.js';

async function listBindings(client: ApiClient, seller: Seller, query = ''): Promise<any[]> {
  const response = await client.get(`/v1/accounts/${seller.accountId}/bindings?limit=100${query}`, seller.admin.token);
  expect(response.status).toBe(200);
  return response.body.items;
}

async function detail(client: ApiClient, seller: Seller, bindingId: string): Promise<any> {
  const response = await client.get(`/v1/accounts/${seller.accountId}/bindings/${bindingId}`, seller.viewer.token);
  expect(response.status).toBe(200);
  return response.body;
}

const trail = (binding: any) => binding.events.map((e: any) => `${e.type}:${e.fromStatus ?? '-'}>${e.toStatus}`);

describe('concurrency', () => {
  let stack: TestStack;
  let world: World;
  let client: ApiClient;

  beforeAll(async () => {
    stack = await TestStack.start();
    client = stack.client;
    world = new World(client);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('20 concurrent binds for the same partner: exactly one 202, the rest 409 BINDING_EXISTS, one live binding', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id })),
    );
    const accepted = responses.filter((r) => r.status === 202);
    const refused = responses.filter((r) => r.status !== 202);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.body).toMatchObject({ accountId: seller.accountId, partnerId: partner.id, status: 'pending' });
    expect(refused).toHaveLength(19);
    for (const response of refused) expectProblem(response, 409, 'BINDING_EXISTS');

    const live = await listBindings(client, seller, '&status=pending,active');
    expect(live.map((b) => b.id)).toEqual([accepted[0]!.body.id]);
    expect(await listBindings(client, seller)).toHaveLength(1);

    // The catalogue shows that one live binding for the partner.
    const shown = await client.get(`/v1/partners/${partner.id}`, seller.viewer.token);
    expect(shown.status).toBe(200);
    expect(shown.body.binding).toEqual({ id: accepted[0]!.body.id, status: 'pending' });
  });

  describe('Idempotency-Key', () => {
    it('a replay with the same key and body returns the same binding and creates nothing new', async () => {
      const seller = await world.seller();
      const partner = await world.partner();
      const key = `key-${Date.now()}-replay`;
      const first = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key });
      expect(first.status).toBe(202);
      const replay = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key });
      expect(replay.status).toBe(202);
      expect(replay.body.id).toBe(first.body.id);
      expect(replay.body).toEqual(first.body);

      const items = await listBindings(client, seller);
      expect(items.map((b) => b.id)).toEqual([first.body.id]);
      const events = (await detail(client, seller, first.body.id)).events;
      expect(events.map((e: any) => e.type)).toEqual(['binding.requested']);
    });

    it('the same key with another partnerId is 422 IDEMPOTENCY_KEY_REUSED and binds nothing', async () => {
      const seller = await world.seller();
      const [partner, other] = await Promise.all([world.partner(), world.partner()]);
      const key = `key-${Date.now()}-reuse`;
      const first = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key });
      expect(first.status).toBe(202);
      const reused = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: other.id }, { 'idempotency-key': key });
      expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
      const items = await listBindings(client, seller);
      expect(items.map((b) => b.partnerId)).toEqual([partner.id]);
    });

    it('10 concurrent requests with one key make one binding; every answer carries its id (or 409 IDEMPOTENCY_IN_PROGRESS)', async () => {
      const seller = await world.seller();
      const partner = await world.partner();
      const key = `key-${Date.now()}-concurrent`;
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key }),
        ),
      );
      const accepted = responses.filter((r) => r.status === 202);
      const others = responses.filter((r) => r.status !== 202);
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      for (const response of others) expectProblem(response, 409, 'IDEMPOTENCY_IN_PROGRESS');
      const ids = new Set(accepted.map((r) => r.body.id));
      expect(ids.size).toBe(1);

      const items = await listBindings(client, seller);
      expect(items.map((b) => b.id)).toEqual([...ids]);

      // A later replay still answers with that one binding.
      const replay = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key });
      expect(replay.status).toBe(202);
      expect(replay.body.id).toBe([...ids][0]);
    });

    it('the key is scoped to the user: another admin of the same account with the same key is a separate request', async () => {
      const seller = await world.seller();
      const secondAdmin = await world.sellerUser(seller.accountId, 'admin');
      const [partner, other] = await Promise.all([world.partner(), world.partner()]);
      const key = `key-${Date.now()}-scoped`;
      const first = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key });
      expect(first.status).toBe(202);

      // Same key and same body from another user: not a replay of the first answer, but a real request (which finds the live binding).
      const sameBody = await client.post(`/v1/accounts/${seller.accountId}/bindings`, secondAdmin.token, { partnerId: partner.id }, { 'idempotency-key': key });
      expectProblem(sameBody, 409, 'BINDING_EXISTS');

      // Same key with another body from another user: not "reused", a new binding of its own.
      const otherBody = await client.post(`/v1/accounts/${seller.accountId}/bindings`, secondAdmin.token, { partnerId: other.id }, { 'idempotency-key': key });
      expect(otherBody.status).toBe(202);
      expect(otherBody.body).toMatchObject({ partnerId: other.id, requestedBy: secondAdmin.id, status: 'pending' });
      expect(otherBody.body.id).not.toBe(first.body.id);

      // The first admin's key still replays its own answer.
      const replay = await client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id }, { 'idempotency-key': key });
      expect(replay.status).toBe(202);
      expect(replay.body.id).toBe(first.body.id);

      const items = await listBindings(client, seller);
      expect(items.map((b) => b.id).sort()).toEqual([first.body.id, otherBody.body.id].sort());
    });
  });

  it('confirm racing cancel (repeated): outcomes are consistent, never active after a successful cancel', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    const outcomes: string[] = [];
    for (let round = 0; round < 15; round++) {
      const binding = await world.bind(seller, partner);
      const confirm = () => client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
      const cancel = () => client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token);
      // Alternate who is sent first, so both orders get their chance.
      const [confirmed, cancelled] =
        round % 2 === 0 ? await Promise.all([confirm(), cancel()]) : await Promise.all([cancel(), confirm()]).then(([c, f]) => [f, c] as const);

      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const final = await detail(client, seller, binding.id);
      expect(final.status).toBe('cancelled');
      if (confirmed.status === 200) {
        expect(confirmed.body.status).toBe('active');
        expect(trail(final)).toEqual(['binding.requested:->pending', 'binding.confirmed:pending>active', 'binding.cancelled:active>cancelled']);
        outcomes.push('confirm-first');
      } else {
        expectProblem(confirmed, 409, 'INVALID_STATE');
        expect(trail(final)).toEqual(['binding.requested:->pending', 'binding.cancelled:pending>cancelled']);
        outcomes.push('cancel-first');
      }

      // Never active afterwards: a late confirm is refused and nothing changes.
      const late = await confirm();
      expectProblem(late, 409, 'INVALID_STATE');
      expect((await detail(client, seller, binding.id)).status).toBe('cancelled');
      const contacts = await client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token);
      expect(contacts.body.items).toEqual([]);
    }
    expect(outcomes).toHaveLength(15);
    const items = await listBindings(client, seller);
    expect(items).toHaveLength(15);
    expect(items.every((b) => b.status === 'cancelled')).toBe(true);
  });

  describe('expiry (short TTL, two workers)', () => {
    let shortStack: TestStack;
    let shortWorld: World;
    let secondWorker: INestApplication | null = null;

    beforeAll(async () => {
      shortStack = await TestStack.start({ env: { BINDING_REQUEST_TTL_SECONDS: '1' } });
      shortWorld = new World(shortStack.client);
      secondWorker = await createWorkerApp(shortStack.config, { logger: false });
      await secondWorker.init();
    });

    afterAll(async () => {
      await secondWorker?.close().catch(() => undefined);
      await shortStack?.stop();
    });

    it('a confirm racing the expiry ends in exactly one of active/expired with a valid trail', async () => {
      const c = shortStack.client;
      const seller = await shortWorld.seller();
      // Aim the confirms around the expiry instant, some just before and some just after.
      const offsets = [-60, -30, -15, -5, 0, 5, 15, 30, 60];
      const partners: Partner[] = await Promise.all(offsets.map(() => shortWorld.partner()));
      const results = await Promise.all(
        offsets.map(async (offset, i) => {
          const partner = partners[i]!;
          const binding = await shortWorld.bind(seller, partner);
          const at = new Date(binding.expiresAt).getTime() + offset;
          await sleep(Math.max(0, at - Date.now()));
          const confirmed = await c.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
          return { binding, confirmed, partner };
        }),
      );
      // Let every expiry job run (they are due by now), then look at the outcome.
      await shortStack.settled();
      for (const { binding, confirmed } of results) {
        const final = (await c.get(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.admin.token)).body;
        if (confirmed.status === 200) {
          expect(confirmed.body.status).toBe('active');
          expect(final.status).toBe('active');
          expect(trail(final)).toEqual(['binding.requested:->pending', 'binding.confirmed:pending>active']);
        } else {
          expectProblem(confirmed, 409, 'INVALID_STATE');
          expect(final.status).toBe('expired');
          expect(trail(final)).toEqual(['binding.requested:->pending', 'binding.expired:pending>expired']);
        }
      }
      // Confirms sent well after the expiry instant can only be refused.
      expect(results.at(-1)!.confirmed.status).toBe(409);
    });

    it('with two workers running, each expiry fires exactly once', async () => {
      const c = shortStack.client;
      const seller = await shortWorld.seller();
      const partners = await Promise.all(Array.from({ length: 12 }, () => shortWorld.partner()));
      const bindings = await Promise.all(partners.map((p) => shortWorld.bind(seller, p)));

      await waitFor(
        async () => {
          const response = await c.get(`/v1/accounts/${seller.accountId}/bindings?status=expired&limit=100`, seller.admin.token);
          return response.body.items.length === bindings.length;
        },
        { timeoutMs: 20_000, what: 'all requests to expire' },
      );
      await shortStack.settled();

      for (const binding of bindings) {
        const final = (await c.get(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.admin.token)).body;
        expect(final.status).toBe('expired');
        expect(final.events.filter((e: any) => e.type === 'binding.expired')).toHaveLength(1);
        expect(trail(final)).toEqual(['binding.requested:->pending', 'binding.expired:pending>expired']);
      }
      // The seller hears of each expiry once.
      await waitFor(
        async () => {
          const notices = (await c.get(`/v1/accounts/${seller.accountId}/notifications?limit=100`, seller.admin.token)).body.items;
          return notices.filter((n: any) => n.type === 'binding.expired').length >= bindings.length;
        },
        { what: 'expiry notices' },
      );
      const notices = (await c.get(`/v1/accounts/${seller.accountId}/notifications?limit=100`, seller.admin.token)).body.items;
      const expiredNotices = notices.filter((n: any) => n.type === 'binding.expired');
      expect(expiredNotices.map((n: any) => n.bindingId).sort()).toEqual(bindings.map((b) => b.id).sort());
    });
  });
});
