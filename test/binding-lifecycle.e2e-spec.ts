import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyWebhookSignature } from '@partner-binding/client/webhooks';
import { TestStack, WebhookReceiver, World, expectProblem, waitFor, type Partner, type ReceivedWebhook, type Seller } from '@app/testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const tag = () => randomBytes(3).toString('hex');

/** Webhooks of one type that reached `path`, one per event id (delivery is at-least-once). */
function eventsAt(receiver: WebhookReceiver, path: string, type: string): ReceivedWebhook[] {
  const seen = new Map<string, ReceivedWebhook>();
  for (const hook of receiver.deliveredTo(path)) if (hook.body?.type === type && !seen.has(hook.body.id)) seen.set(hook.body.id, hook);
  return [...seen.values()];
}

async function waitForWebhook(receiver: WebhookReceiver, path: string, type: string, bindingId: string): Promise<ReceivedWebhook> {
  let found: ReceivedWebhook | undefined;
  await waitFor(
    () => {
      found = eventsAt(receiver, path, type).find((hook) => hook.body?.data?.binding?.id === bindingId);
      return found !== undefined;
    },
    { what: `${type} webhook for ${bindingId} at ${path}` },
  );
  return found!;
}

/** Checks everything a partner verifies on receipt: signature, headers, body shape. */
function expectSignedNotice(hook: ReceivedWebhook, partner: Partner, type: string, binding: { id: string; status: string }, seller: Seller): void {
  expect(hook.headers['content-type']).toContain('application/json');
  expect(verifyWebhookSignature(partner.webhookSecret, hook.rawBody, String(hook.headers['x-signature']))).toBe(true);
  expect(verifyWebhookSignature('not-the-secret', hook.rawBody, String(hook.headers['x-signature']))).toBe(false);
  expect(hook.headers['x-event-id']).toBe(hook.body.id);
  expect(hook.headers['x-event-type']).toBe(type);
  expect(Object.keys(hook.body).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
  expect(hook.body.id).toMatch(UUID);
  expect(hook.body.type).toBe(type);
  expect(Number.isNaN(Date.parse(hook.body.createdAt))).toBe(false);
  expect(hook.body.data.account).toEqual({ id: seller.accountId, name: seller.name });
  expect(hook.body.data.binding).toMatchObject({ id: binding.id, accountId: seller.accountId, partnerId: partner.id, status: binding.status });
}

async function noticeTypes(stack: TestStack, seller: Seller, bindingId: string): Promise<string[]> {
  const response = await stack.client.get(`/v1/accounts/${seller.accountId}/notifications?limit=100`, seller.viewer.token);
  expect(response.status).toBe(200);
  return (response.body.items as any[]).filter((n) => n.bindingId === bindingId).map((n) => n.type);
}

async function waitForNotice(stack: TestStack, seller: Seller, bindingId: string, type: string): Promise<void> {
  await waitFor(async () => (await noticeTypes(stack, seller, bindingId)).includes(type), { what: `seller notice ${type} for ${bindingId}` });
}

async function detail(stack: TestStack, seller: Seller, bindingId: string): Promise<any> {
  const response = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${bindingId}`, seller.viewer.token);
  expect(response.status).toBe(200);
  return response.body;
}

async function catalogue(stack: TestStack, token: string, q: string): Promise<any[]> {
  const response = await stack.client.get(`/v1/partners?q=${encodeURIComponent(q)}&limit=100`, token);
  expect(response.status).toBe(200);
  return response.body.items;
}

describe('binding lifecycle', () => {
  let stack: TestStack;
  let shortTtl: TestStack;
  let receiver: WebhookReceiver;
  let world: World;
  let shortWorld: World;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({ env: { WEBHOOK_BACKOFF_MS: '50', WEBHOOK_TIMEOUT_MS: '2000' } });
    shortTtl = await TestStack.start({ env: { BINDING_REQUEST_TTL_SECONDS: '2', WEBHOOK_BACKOFF_MS: '50' } });
    world = new World(stack.client);
    shortWorld = new World(shortTtl.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await shortTtl?.stop();
    await receiver?.stop();
  });

  it('searches, binds, confirms, shows the partner in Helpful Contacts, cancels and rebinds', async () => {
    const t = tag();
    const path = `/story-${t}`;
    const seller = await world.seller(`Story Seller ${t}`);
    const otherSeller = await world.seller(`Other Seller ${t}`);
    const partner = await world.partner({ name: `Acme Northwind Digital ${t}`, webhookUrl: receiver.url(path), services: ['Integration', 'Ads'] });
    const unrelated = await world.partner({ name: `Bluebird Systems ${t}` });
    const decertified = await world.partner({ name: `Acme Northwind Legacy ${t}` });
    expect((await stack.client.operator('PATCH', `/v1/operator/partners/${decertified.id}`, { certified: false })).status).toBe(200);

    // Catalogue search by name: case-insensitive, word prefix and substring; decertified and non-matching partners absent.
    for (const q of [`ACME NORTHWIND DIGITAL ${t}`, 'northw', 'NORTHWIND DIG', 'wind digi']) {
      const items = await catalogue(stack, seller.viewer.token, q);
      const ids = items.map((p) => p.id);
      expect(ids).toContain(partner.id);
      expect(ids).not.toContain(decertified.id);
      expect(ids).not.toContain(unrelated.id);
    }
    const found = (await catalogue(stack, seller.admin.token, `northwind digital ${t}`)).find((p) => p.id === partner.id);
    expect(found).toMatchObject({
      id: partner.id,
      name: partner.name,
      certified: true,
      services: ['Integration', 'Ads'],
      contacts: { phone: '+7 495 000-00-00', website: 'https://partner.test' },
      binding: null,
    });
    expect(found.contacts.email).toMatch(/@partner\.test$/);
    expect((await stack.client.get(`/v1/partners/${decertified.id}`, seller.viewer.token)).status).toBe(404);

    // "Turn On": 202 pending, expiring after the configured TTL (default: a week).
    const requested = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id });
    expect(requested.status).toBe(202);
    const binding = requested.body;
    expect(binding).toMatchObject({
      accountId: seller.accountId,
      partnerId: partner.id,
      status: 'pending',
      requestedBy: seller.admin.id,
      respondedBy: null,
      respondedAt: null,
      cancelledBy: null,
      cancelledAt: null,
      declineReason: null,
    });
    expect(binding.id).toMatch(UUID);
    expect(Date.parse(binding.expiresAt) - Date.parse(binding.requestedAt)).toBe(stack.config.bindingRequestTtlSeconds * 1000);
    expect(stack.config.bindingRequestTtlSeconds).toBe(604800);

    // The catalogue shows the caller's account's live binding, and only the caller's.
    const mine = (await catalogue(stack, seller.viewer.token, 'northwind')).find((p) => p.id === partner.id);
    expect(mine.binding).toEqual({ id: binding.id, status: 'pending' });
    const theirs = (await catalogue(stack, otherSeller.viewer.token, 'northwind')).find((p) => p.id === partner.id);
    expect(theirs.binding).toBeNull();
    expect((await stack.client.get(`/v1/partners/${partner.id}`, seller.manager.token)).body.binding).toEqual({ id: binding.id, status: 'pending' });

    // The partner hears of it: a signed binding.requested webhook.
    const requestedHook = await waitForWebhook(receiver, path, 'binding.requested', binding.id);
    expectSignedNotice(requestedHook, partner, 'binding.requested', { id: binding.id, status: 'pending' }, seller);
    expect(requestedHook.body.data.binding).toEqual(binding);

    // ...and sees it among its requests, with the account.
    const inbox = await stack.client.get('/v1/partner/requests', partner.user.token);
    expect(inbox.status).toBe(200);
    const request = (inbox.body.items as any[]).find((r) => r.id === binding.id);
    expect(request).toMatchObject({ status: 'pending', accountId: seller.accountId, account: { id: seller.accountId, name: seller.name } });

    // Confirm: 200 active; confirming again is 200 and changes nothing.
    const confirmed = await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: binding.id, status: 'active', respondedBy: partner.user.id });
    expect(confirmed.body.respondedAt).not.toBeNull();
    const again = await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(confirmed.body);

    // Helpful Contacts lists the partner with its contacts.
    const contacts = await stack.client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token);
    expect(contacts.status).toBe(200);
    expect(contacts.body.items).toHaveLength(1);
    expect(contacts.body.items[0]).toMatchObject({
      bindingId: binding.id,
      partner: {
        id: partner.id,
        name: partner.name,
        services: ['Integration', 'Ads'],
        contacts: { phone: '+7 495 000-00-00', website: 'https://partner.test' },
      },
    });
    expect(contacts.body.items[0].partner.contacts.email).toMatch(/@partner\.test$/);
    expect(contacts.body.items[0].since).toBe(confirmed.body.respondedAt);
    expect((await catalogue(stack, seller.viewer.token, 'northwind')).find((p) => p.id === partner.id).binding).toEqual({ id: binding.id, status: 'active' });
    expect((await stack.client.get(`/v1/accounts/${otherSeller.accountId}/helpful-contacts`, otherSeller.viewer.token)).body.items).toEqual([]);

    // The seller account is told of the request and the confirmation.
    await waitForNotice(stack, seller, binding.id, 'binding.confirmed');
    expect((await noticeTypes(stack, seller, binding.id)).sort()).toEqual(['binding.confirmed', 'binding.requested']);

    // Cancel: 200 cancelled; cancelling again is 200 and changes nothing.
    const cancelled = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: binding.id, status: 'cancelled', cancelledBy: seller.admin.id, respondedBy: partner.user.id });
    expect(cancelled.body.cancelledAt).not.toBeNull();
    const cancelledAgain = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token);
    expect(cancelledAgain.status).toBe(200);
    expect(cancelledAgain.body).toEqual(cancelled.body);

    // The partner is told; Helpful Contacts is empty; the catalogue shows no live binding.
    const cancelledHook = await waitForWebhook(receiver, path, 'binding.cancelled', binding.id);
    expectSignedNotice(cancelledHook, partner, 'binding.cancelled', { id: binding.id, status: 'cancelled' }, seller);
    expect(cancelledHook.body.id).not.toBe(requestedHook.body.id);
    expect((await stack.client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token)).body.items).toEqual([]);
    expect((await catalogue(stack, seller.viewer.token, 'northwind')).find((p) => p.id === partner.id).binding).toBeNull();
    await waitForNotice(stack, seller, binding.id, 'binding.cancelled');
    // The partner never gets a webhook about its own confirmation.
    expect(eventsAt(receiver, path, 'binding.confirmed')).toHaveLength(0);

    // Rebinding after the end is allowed and makes a new request with a new id.
    const rebound = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id });
    expect(rebound.status).toBe(202);
    expect(rebound.body.status).toBe('pending');
    expect(rebound.body.id).not.toBe(binding.id);
    await waitForWebhook(receiver, path, 'binding.requested', rebound.body.id);
    // The old binding keeps its history.
    expect((await detail(stack, seller, binding.id)).status).toBe('cancelled');

    // The full trail of the first binding, oldest first.
    const trail = (await detail(stack, seller, binding.id)).events;
    expect(trail.map((e: any) => [e.type, e.fromStatus, e.toStatus, e.actorKind, e.actorId])).toEqual([
      ['binding.requested', null, 'pending', 'seller', seller.admin.id],
      ['binding.confirmed', 'pending', 'active', 'partner', partner.user.id],
      ['binding.cancelled', 'active', 'cancelled', 'seller', seller.admin.id],
    ]);
  });

  it('a declined request keeps its reason, tells the seller and can no longer be confirmed', async () => {
    const t = tag();
    const path = `/decline-${t}`;
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const binding = await world.bind(seller, partner);

    const declined = await stack.client.post(`/v1/partner/requests/${binding.id}/decline`, partner.user.token, { reason: 'We do not serve this region yet.' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      id: binding.id,
      status: 'declined',
      declineReason: 'We do not serve this region yet.',
      respondedBy: partner.user.id,
    });

    const confirm = await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expectProblem(confirm, 409, 'INVALID_STATE');
    const cancel = await stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token);
    expectProblem(cancel, 409, 'INVALID_STATE');

    await waitForNotice(stack, seller, binding.id, 'binding.declined');
    const shown = await detail(stack, seller, binding.id);
    expect(shown).toMatchObject({ status: 'declined', declineReason: 'We do not serve this region yet.' });
    expect(shown.events.map((e: any) => [e.type, e.fromStatus, e.toStatus, e.actorKind])).toEqual([
      ['binding.requested', null, 'pending', 'seller'],
      ['binding.declined', 'pending', 'declined', 'partner'],
    ]);
    expect((await stack.client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token)).body.items).toEqual([]);

    // The slot is free again: a new request is allowed.
    const again = await world.bind(seller, partner);
    expect(again.id).not.toBe(binding.id);
  });

  it('a request nobody answers expires by itself, exactly once', async () => {
    const t = tag();
    const path = `/expiry-${t}`;
    const seller = await shortWorld.seller();
    const partner = await shortWorld.partner({ webhookUrl: receiver.url(path) });
    const binding = await shortWorld.bind(seller, partner);
    expect(Date.parse(binding.expiresAt) - Date.parse(binding.requestedAt)).toBe(2000);
    await waitForWebhook(receiver, path, 'binding.requested', binding.id);

    // Nobody touches it: the service expires it on its own.
    await waitFor(async () => (await detail(shortTtl, seller, binding.id)).status === 'expired', { timeoutMs: 15_000, what: 'the request to expire' });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(binding.expiresAt));

    const expiredHook = await waitForWebhook(receiver, path, 'binding.expired', binding.id);
    expectSignedNotice(expiredHook, partner, 'binding.expired', { id: binding.id, status: 'expired' }, seller);
    await waitForNotice(shortTtl, seller, binding.id, 'binding.expired');

    const confirm = await shortTtl.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expectProblem(confirm, 409, 'INVALID_STATE');
    const decline = await shortTtl.client.post(`/v1/partner/requests/${binding.id}/decline`, partner.user.token, {});
    expectProblem(decline, 409, 'INVALID_STATE');

    await shortTtl.settled();
    const shown = await detail(shortTtl, seller, binding.id);
    expect(shown.status).toBe('expired');
    expect(shown.events.map((e: any) => [e.type, e.fromStatus, e.toStatus, e.actorKind])).toEqual([
      ['binding.requested', null, 'pending', 'seller'],
      ['binding.expired', 'pending', 'expired', 'system'],
    ]);
    expect(eventsAt(receiver, path, 'binding.expired')).toHaveLength(1);
    expect((await noticeTypes(shortTtl, seller, binding.id)).sort()).toEqual(['binding.expired', 'binding.requested']);
    const catalogueEntry = (await shortTtl.client.get(`/v1/partners/${partner.id}`, seller.viewer.token)).body;
    expect(catalogueEntry.binding).toBeNull();
  });

  it('a request past its expiry counts as expired before the expiry job has run, and still expires once', async () => {
    const t = tag();
    const [path1, path2] = [`/overdue1-${t}`, `/overdue2-${t}`];
    const seller = await shortWorld.seller();
    const p1 = await shortWorld.partner({ webhookUrl: receiver.url(path1) });
    const p2 = await shortWorld.partner({ webhookUrl: receiver.url(path2) });

    // No worker: no expiry job can run, and no notice goes out yet.
    await shortTtl.stopWorker();
    let b1: any;
    let b2: any;
    let rebound: any;
    try {
      b1 = await shortWorld.bind(seller, p1);
      b2 = await shortWorld.bind(seller, p2);
      await waitFor(() => Date.now() > Date.parse(b2.expiresAt) + 50, { timeoutMs: 5000, what: 'the requests to be overdue' });

      // The catalogue already shows no live binding.
      expect((await shortTtl.client.get(`/v1/partners/${p1.id}`, seller.viewer.token)).body.binding).toBeNull();
      expectProblem(await shortTtl.client.post(`/v1/partner/requests/${b1.id}/confirm`, p1.user.token), 409, 'INVALID_STATE');
      expectProblem(await shortTtl.client.post(`/v1/accounts/${seller.accountId}/bindings/${b1.id}/cancel`, seller.admin.token), 409, 'INVALID_STATE');
      expect((await detail(shortTtl, seller, b1.id)).status).toBe('expired');

      // A new request for the same partner is allowed at once and gets a new id.
      const again = await shortTtl.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: p2.id });
      expect(again.status).toBe(202);
      rebound = again.body;
      expect(rebound.id).not.toBe(b2.id);
      expect((await detail(shortTtl, seller, b2.id)).status).toBe('expired');
    } finally {
      await shortTtl.startWorker();
    }

    // The worker catches up: its expiry jobs find nothing left to do.
    await waitForWebhook(receiver, path1, 'binding.expired', b1.id);
    await waitForWebhook(receiver, path2, 'binding.expired', b2.id);
    await waitForNotice(shortTtl, seller, b2.id, 'binding.expired');
    await waitForNotice(shortTtl, seller, b1.id, 'binding.expired');
    await shortTtl.settled();
    for (const [binding, path] of [
      [b1, path1],
      [b2, path2],
    ] as const) {
      const shown = await detail(shortTtl, seller, binding.id);
      expect(shown.events.map((e: any) => [e.type, e.fromStatus, e.toStatus])).toEqual([
        ['binding.requested', null, 'pending'],
        ['binding.expired', 'pending', 'expired'],
      ]);
      expect(eventsAt(receiver, path, 'binding.expired').filter((h) => h.body.data.binding.id === binding.id)).toHaveLength(1);
      expect((await noticeTypes(shortTtl, seller, binding.id)).sort()).toEqual(['binding.expired', 'binding.requested']);
    }
    // The new request lives on (its own TTL is short too, so it may have expired by now, but never twice).
    const fresh = await detail(shortTtl, seller, rebound.id);
    expect(['pending', 'expired']).toContain(fresh.status);
    expect(fresh.events.filter((e: any) => e.type === 'binding.expired').length).toBeLessThanOrEqual(1);
  });

  it('shows a binding with its events oldest first, and lists bindings filtered and paged newest first', async () => {
    const seller = await world.seller();
    const [p1, p2, p3] = [await world.partner(), await world.partner(), await world.partner()];
    const b1 = await world.bind(seller, p1);
    expect((await stack.client.post(`/v1/partner/requests/${b1.id}/confirm`, p1.user.token)).status).toBe(200);
    const b2 = await world.bind(seller, p2);
    expect((await stack.client.post(`/v1/partner/requests/${b2.id}/decline`, p2.user.token, {})).status).toBe(200);
    const b3 = await world.bind(seller, p3);

    const one = await detail(stack, seller, b1.id);
    expect(one).toMatchObject({ id: b1.id, accountId: seller.accountId, partnerId: p1.id, status: 'active' });
    expect(one.events).toHaveLength(2);
    expect(one.events.map((e: any) => [e.fromStatus, e.toStatus, e.actorKind])).toEqual([
      [null, 'pending', 'seller'],
      ['pending', 'active', 'partner'],
    ]);
    for (const event of one.events) expect(event.bindingId).toBe(b1.id);
    expect(Date.parse(one.events[0].at)).toBeLessThanOrEqual(Date.parse(one.events[1].at));

    const live = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings?status=pending,active`, seller.viewer.token);
    expect(live.status).toBe(200);
    expect(live.body.items.map((b: any) => [b.id, b.status])).toEqual([
      [b3.id, 'pending'],
      [b1.id, 'active'],
    ]);
    expect(live.body.nextCursor).toBeNull();

    const declinedOnly = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings?status=declined`, seller.viewer.token);
    expect(declinedOnly.body.items.map((b: any) => b.id)).toEqual([b2.id]);

    // Paging one at a time walks every binding newest first, then stops.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = cursor ? `?limit=1&cursor=${encodeURIComponent(cursor)}` : '?limit=1';
      const response = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings${query}`, seller.viewer.token);
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(1);
      seen.push(response.body.items[0].id);
      cursor = response.body.nextCursor;
      if (!cursor) break;
      expect(typeof cursor).toBe('string');
    }
    expect(seen).toEqual([b3.id, b2.id, b1.id]);
    expect(cursor).toBeNull();

    // Another account sees none of it.
    const stranger = await world.seller();
    expect((await stack.client.get(`/v1/accounts/${stranger.accountId}/bindings`, stranger.viewer.token)).body.items).toEqual([]);
    expectProblem(await stack.client.get(`/v1/accounts/${stranger.accountId}/bindings/${b1.id}`, stranger.viewer.token), 404, 'NOT_FOUND');
  });
});
