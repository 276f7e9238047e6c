import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, WebhookReceiver, World, expectProblem, waitFor, type ReceivedWebhook, type Seller } from '@app/testing';

const ALL = ['products.read', 'products.write', 'orders.read', 'orders.write', 'finance.read', 'analytics.read', 'ads.write', 'chats.write'];
const tag = () => randomBytes(3).toString('hex');

async function webhook(receiver: WebhookReceiver, path: string, type: string, bindingId: string): Promise<ReceivedWebhook> {
  let found: ReceivedWebhook | undefined;
  await waitFor(
    () => {
      found = receiver.deliveredTo(path).find((hook) => hook.body?.type === type && hook.body?.data?.binding?.id === bindingId);
      return found !== undefined;
    },
    { what: `${type} webhook for ${bindingId}` },
  );
  return found!;
}

describe('scopes: what a partner offers, what a binding grants, narrowing', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let world: World;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({ env: { WEBHOOK_BACKOFF_MS: '50' } });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  const bindingsOf = async (seller: Seller) => (await stack.client.get(`/v1/accounts/${seller.accountId}/bindings`, seller.viewer.token)).body.items as any[];
  const detail = async (seller: Seller, bindingId: string) =>
    (await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${bindingId}`, seller.viewer.token)).body;
  const narrow = (seller: Seller, bindingId: string, scopes: unknown, token = seller.admin.token) =>
    stack.client.patch(`/v1/accounts/${seller.accountId}/bindings/${bindingId}`, token, { scopes });

  it('offers all eight scopes by default; the operator sets them on create and PATCH, and the catalogue shows them', async () => {
    const seller = await world.seller();
    const everything = await world.partner();
    expect((await stack.client.get(`/v1/partners/${everything.id}`, seller.viewer.token)).body.scopes).toEqual(ALL);

    const narrowOffer = await world.partner({ scopes: ['orders.read', 'products.read'] });
    const shown = await stack.client.get(`/v1/partners/${narrowOffer.id}`, seller.viewer.token);
    expect(shown.body.scopes).toEqual(['products.read', 'orders.read']); // vocabulary order

    const patched = await stack.client.operator('PATCH', `/v1/operator/partners/${narrowOffer.id}`, { scopes: ['finance.read'] });
    expect(patched.status).toBe(200);
    expect(patched.body.scopes).toEqual(['finance.read']);
    const listed = (await stack.client.get(`/v1/partners?q=${encodeURIComponent(narrowOffer.name)}`, seller.viewer.token)).body.items as any[];
    expect(listed.find((p) => p.id === narrowOffer.id).scopes).toEqual(['finance.read']);

    for (const scopes of [[], ['root'], ['orders.read', 'orders.read'], 'orders.read', [42], null]) {
      expectProblem(await stack.client.operator('PATCH', `/v1/operator/partners/${narrowOffer.id}`, { scopes }), 400, 'VALIDATION_FAILED');
    }
    expect((await stack.client.get(`/v1/partners/${narrowOffer.id}`, seller.viewer.token)).body.scopes).toEqual(['finance.read']);
  });

  it('"Turn On" grants what the partner offers unless it names fewer; bad scopes are 400 and create nothing', async () => {
    const seller = await world.seller();
    const partner = await world.partner({ scopes: ['products.read', 'orders.read', 'orders.write'] });

    for (const scopes of [[], ['products.read', 'root'], ['finance.read'], ['orders.read', 'orders.read'], 'orders.read', null]) {
      const refused = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id, scopes });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
    }
    const notOffered = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, {
      partnerId: partner.id,
      scopes: ['orders.read', 'finance.read'],
    });
    expect(notOffered.body.errors).toEqual([{ field: 'scopes', message: expect.stringContaining('finance.read') }]);
    expect(await bindingsOf(seller)).toEqual([]);

    const asked = await world.bind(seller, partner, ['orders.write', 'products.read']);
    expect(asked.scopes).toEqual(['products.read', 'orders.write']);
    const other = await world.seller();
    expect((await world.bind(other, partner)).scopes).toEqual(['products.read', 'orders.read', 'orders.write']);

    // The audit trail records what was asked.
    expect((await detail(seller, asked.id)).events[0]).toMatchObject({ type: 'binding.requested', data: { scopes: 'products.read orders.write' } });
  });

  it('shows the scopes to the partner (webhook, API) and the partner confirms exactly them', async () => {
    const t = tag();
    const path = `/scopes-${t}`;
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const binding = await world.bind(seller, partner, ['orders.read', 'chats.write']);

    const requested = await webhook(receiver, path, 'binding.requested', binding.id);
    expect(requested.body.data.binding.scopes).toEqual(['orders.read', 'chats.write']);
    const inbox = (await stack.client.get('/v1/partner/requests?status=pending', partner.user.token)).body.items as any[];
    expect(inbox.find((r) => r.id === binding.id).scopes).toEqual(['orders.read', 'chats.write']);

    const confirmed = await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expect(confirmed.body).toMatchObject({ status: 'active', scopes: ['orders.read', 'chats.write'] });
    const contacts = (await stack.client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token)).body.items as any[];
    expect(contacts).toEqual([expect.objectContaining({ bindingId: binding.id, scopes: ['orders.read', 'chats.write'] })]);
  });

  it('narrows a pending or active binding at once, tells the partner and the seller, and records it in the audit trail', async () => {
    const t = tag();
    const path = `/narrow-${t}`;
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const binding = await world.bind(seller, partner, ['products.read', 'orders.read', 'finance.read']);

    const pendingNarrowed = await narrow(seller, binding.id, ['finance.read', 'products.read']);
    expect(pendingNarrowed.status).toBe(200);
    expect(pendingNarrowed.body).toMatchObject({ status: 'pending', scopes: ['products.read', 'finance.read'], version: binding.version + 1 });

    await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    const activeNarrowed = await narrow(seller, binding.id, ['finance.read']);
    expect(activeNarrowed.body).toMatchObject({ status: 'active', scopes: ['finance.read'] });

    // The same set again: 200, unchanged, no event.
    const same = await narrow(seller, binding.id, ['finance.read']);
    expect(same.status).toBe(200);
    expect(same.body).toEqual(activeNarrowed.body);

    const events = (await detail(seller, binding.id)).events as any[];
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ['binding.requested', null, 'pending'],
      ['binding.scopes_narrowed', 'pending', 'pending'],
      ['binding.confirmed', 'pending', 'active'],
      ['binding.scopes_narrowed', 'active', 'active'],
    ]);
    expect(events[1]).toMatchObject({
      actorKind: 'seller',
      actorId: seller.admin.id,
      data: { scopes: 'products.read finance.read', previousScopes: 'products.read orders.read finance.read' },
    });

    const hook = await webhook(receiver, path, 'binding.scopes_narrowed', binding.id);
    expect(hook.body.id).toBe(events[1].id);
    expect(hook.body.data.binding.scopes).toEqual(['products.read', 'finance.read']);
    await waitFor(() => receiver.deliveredTo(path).filter((h) => h.body?.type === 'binding.scopes_narrowed').length >= 2, { what: 'second narrowing webhook' });
    await waitFor(
      async () => {
        const notices = (await stack.client.get(`/v1/accounts/${seller.accountId}/notifications?limit=100`, seller.viewer.token)).body.items as any[];
        return notices.filter((n) => n.type === 'binding.scopes_narrowed' && n.bindingId === binding.id).length === 2;
      },
      { what: 'seller notices of both narrowings' },
    );
  });

  it('refuses anything but a non-empty subset (400), a non-admin (403), an ended binding (409), another account (404) — changing nothing', async () => {
    const seller = await world.seller();
    const stranger = await world.seller();
    const partner = await world.partner();
    const binding = await world.bind(seller, partner, ['products.read', 'orders.read']);

    for (const scopes of [[], ['products.read', 'finance.read'], ['chats.write'], ['bogus'], undefined])
      expectProblem(await narrow(seller, binding.id, scopes), 400, 'VALIDATION_FAILED');
    expectProblem(
      await stack.client.patch(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.admin.token, { scopes: ['products.read'], status: 'active' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await narrow(seller, binding.id, ['products.read'], seller.manager.token), 403, 'FORBIDDEN');
    expectProblem(
      await stack.client.patch(`/v1/accounts/${stranger.accountId}/bindings/${binding.id}`, stranger.admin.token, { scopes: ['products.read'] }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await narrow(seller, binding.id, ['products.read'], partner.user.token), 403, 'FORBIDDEN');

    const unchanged = await detail(seller, binding.id);
    expect(unchanged).toMatchObject({ scopes: ['products.read', 'orders.read'], version: binding.version });
    expect(unchanged.events).toHaveLength(1);

    await stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token);
    expectProblem(await narrow(seller, binding.id, ['products.read']), 409, 'INVALID_STATE');
    expect((await detail(seller, binding.id)).scopes).toEqual(['products.read', 'orders.read']);
  });

  it('narrow racing confirm: the binding ends active with the narrowed scopes, whichever lands first', async () => {
    const seller = await world.seller();
    for (let round = 0; round < 6; round++) {
      const partner = await world.partner();
      const binding = await world.bind(seller, partner, ['products.read', 'orders.read']);
      const [narrowed, confirmed] = await Promise.all([
        narrow(seller, binding.id, ['orders.read']),
        stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token),
      ]);
      expect([narrowed.status, confirmed.status]).toEqual([200, 200]);
      const final = await detail(seller, binding.id);
      expect(final).toMatchObject({ status: 'active', scopes: ['orders.read'], version: binding.version + 2 });
      const types = (final.events as any[]).map((e) => e.type);
      // The confirm answers what it confirmed: the narrowed set if the narrowing landed first, else the asked set.
      if (types.indexOf('binding.scopes_narrowed') < types.indexOf('binding.confirmed')) expect(confirmed.body.scopes).toEqual(['orders.read']);
      else expect(confirmed.body.scopes).toEqual(['products.read', 'orders.read']);
      expect(types.sort()).toEqual(['binding.confirmed', 'binding.requested', 'binding.scopes_narrowed']);
    }
  });

  it('treats other scopes under the same Idempotency-Key as another request (422)', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    const key = `scopes-${tag()}`;
    const first = await stack.client.post(
      `/v1/accounts/${seller.accountId}/bindings`,
      seller.admin.token,
      { partnerId: partner.id, scopes: ['orders.read'] },
      { 'Idempotency-Key': key },
    );
    expect(first.status).toBe(202);
    const replay = await stack.client.post(
      `/v1/accounts/${seller.accountId}/bindings`,
      seller.admin.token,
      { partnerId: partner.id, scopes: ['orders.read'] },
      { 'Idempotency-Key': key },
    );
    expect(replay.body).toEqual(first.body);
    const other = await stack.client.post(
      `/v1/accounts/${seller.accountId}/bindings`,
      seller.admin.token,
      { partnerId: partner.id, scopes: ['products.read'] },
      { 'Idempotency-Key': key },
    );
    expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
  });
});
