import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { verifyWebhookSignature } from '@partner-binding/client/webhooks';
import { TestStack, WebhookReceiver, World, waitFor, type Partner, type Seller } from '@app/testing';
import { expectProblem } from './support/expect-problem.js';

const tag = () => randomBytes(3).toString('hex');

/**
 * Seller accounts' own webhooks (docs/API.md#seller-webhooks): every seller notice and pings, signed,
 * retried and logged by the machinery partners' webhooks use; reads by any user of the account,
 * writes and ping by its administrators.
 */
describe('seller webhooks', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let world: World;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({ env: { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_TIMEOUT_MS: '1000' } });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  const base = (seller: Seller) => `/v1/accounts/${seller.accountId}/webhook`;

  async function log(seller: Seller, query = ''): Promise<any[]> {
    const response = await stack.client.get(`${base(seller)}/deliveries?limit=100${query}`, seller.viewer.token);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  /** A seller whose webhook points at `path`; returns the secret shown on the first PUT. */
  async function sellerWithWebhook(path: string): Promise<{ seller: Seller; secret: string }> {
    const seller = await world.seller();
    const put = await stack.client.put(base(seller), seller.admin.token, { url: receiver.url(path) });
    expect(put.status).toBe(200);
    return { seller, secret: put.body.secret };
  }

  it('shows the secret on the first PUT only, and keeps it sealed in the database', async () => {
    const seller = await world.seller();
    expect((await stack.client.get(base(seller), seller.viewer.token)).body).toEqual({ url: null });

    const first = await stack.client.put(base(seller), seller.admin.token, { url: 'https://backend.seller.example/hooks' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ url: 'https://backend.seller.example/hooks', secret: expect.stringMatching(/^whsec_/) });
    const second = await stack.client.put(base(seller), seller.admin.token, { url: 'https://backend.seller.example/hooks/v2' });
    expect(second.body).toEqual({ url: 'https://backend.seller.example/hooks/v2' });
    expect((await stack.client.get(base(seller), seller.manager.token)).body).toEqual({ url: 'https://backend.seller.example/hooks/v2' });

    const [row] = await stack.api.get(DataSource).query('SELECT secret FROM seller_webhooks WHERE account_id = ?', [seller.accountId]);
    expect(row.secret).toMatch(/^v1:/);
    expect(row.secret).not.toContain(first.body.secret);
    expect(row.secret).not.toContain(first.body.secret.slice('whsec_'.length));
  });

  it('refuses URLs partners could not set either (SSRF rules), and changes nothing', async () => {
    const seller = await world.seller();
    await stack.client.put(base(seller), seller.admin.token, { url: 'https://backend.seller.example/hooks' });
    for (const bad of [
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.1/hooks',
      'https://user:pw@backend.seller.example/',
      'ftp://backend.seller.example/',
      'not a url',
      42,
    ]) {
      expectProblem(await stack.client.put(base(seller), seller.admin.token, { url: bad }), 400, 'VALIDATION_FAILED');
    }
    expect((await stack.client.get(base(seller), seller.viewer.token)).body).toEqual({ url: 'https://backend.seller.example/hooks' });
  });

  it('sends every seller notice there, signed with the account secret, and logs it', async () => {
    const path = `/seller-${tag()}`;
    const { seller, secret } = await sellerWithWebhook(path);
    const partner = await world.partner();
    const binding = await world.bind(seller, partner);
    expect((await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token)).status).toBe(200);

    await waitFor(() => receiver.deliveredTo(path).length === 2, { what: 'binding.requested and binding.confirmed at the seller webhook' });
    const hooks = receiver.deliveredTo(path);
    expect(hooks.map((h) => h.body.type).sort()).toEqual(['binding.confirmed', 'binding.requested']);
    for (const hook of hooks) {
      expect(hook.body.data.binding.id).toBe(binding.id);
      expect(hook.body.data.account.id).toBe(seller.accountId);
      expect(hook.headers['x-event-id']).toBe(hook.body.id);
      expect(verifyWebhookSignature(secret, hook.rawBody, String(hook.headers['x-signature']))).toBe(true);
      expect(verifyWebhookSignature(partner.webhookSecret, hook.rawBody, String(hook.headers['x-signature']))).toBe(false);
    }
    await waitFor(async () => (await log(seller, '&status=delivered')).length === 2, { what: 'both deliveries logged' });
    expect((await log(seller)).map((d) => d.type).sort()).toEqual(['binding.confirmed', 'binding.requested']);
    // The same event went to the partner too: its own log, not the seller's.
    const partnerLog = (await stack.client.get('/v1/partner/deliveries', partner.user.token)).body.items;
    expect(partnerLog.map((d: any) => d.id)).not.toContain((await log(seller))[0].id);
  });

  it('an account without a webhook gets nothing sent and nothing logged', async () => {
    const seller = await world.seller();
    await world.bind(seller, await world.partner());
    await stack.settled();
    expect(await log(seller)).toEqual([]);
    expectProblem(await stack.client.post(`${base(seller)}/ping`, seller.admin.token), 409, 'INVALID_STATE');
    expectProblem(await stack.client.post(`${base(seller)}/rotate-secret`, seller.admin.token), 409, 'INVALID_STATE');
    expect(await log(seller)).toEqual([]);
  });

  it('pings through the queue into the log; rotating the secret signs the next ping with the new one', async () => {
    const path = `/ping-${tag()}`;
    const { seller, secret } = await sellerWithWebhook(path);
    const ping = await stack.client.post(`${base(seller)}/ping`, seller.admin.token);
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ type: 'ping', status: 'pending', attempts: 0 });
    await waitFor(() => receiver.deliveredTo(path).length === 1, { what: 'the ping' });
    const hook = receiver.deliveredTo(path)[0]!;
    expect(hook.body).toEqual({ id: ping.body.eventId, type: 'ping', createdAt: expect.any(String), data: {} });
    expect(hook.headers['x-event-type']).toBe('ping');
    expect(verifyWebhookSignature(secret, hook.rawBody, String(hook.headers['x-signature']))).toBe(true);
    await waitFor(async () => (await log(seller)).some((d) => d.id === ping.body.id && d.status === 'delivered'), { what: 'the ping logged as delivered' });

    const rotated = await stack.client.post(`${base(seller)}/rotate-secret`, seller.admin.token);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    expect((await stack.client.post(`${base(seller)}/ping`, seller.admin.token)).status).toBe(202);
    await waitFor(() => receiver.deliveredTo(path).length === 2, { what: 'the second ping' });
    const second = receiver.deliveredTo(path)[1]!;
    expect(verifyWebhookSignature(rotated.body.secret, second.rawBody, String(second.headers['x-signature']))).toBe(true);
    expect(verifyWebhookSignature(secret, second.rawBody, String(second.headers['x-signature']))).toBe(false);
  });

  it('retries, fails, and redelivers once on request; a pending delivery is 409', async () => {
    const path = `/flaky-${tag()}`;
    receiver.plan(path, { status: 500 }, { status: 500 }, { status: 500 });
    const { seller } = await sellerWithWebhook(path);
    const ping = (await stack.client.post(`${base(seller)}/ping`, seller.admin.token)).body;
    await waitFor(async () => (await log(seller, '&status=failed')).length === 1, { what: 'the ping to fail after 3 attempts' });
    expect((await log(seller))[0]).toMatchObject({ id: ping.id, status: 'failed', attempts: 3, lastStatusCode: 500 });

    receiver.setDefault(path, { status: 200, delayMs: 500 });
    const asks = await Promise.all(Array.from({ length: 4 }, () => stack.client.post(`${base(seller)}/deliveries/${ping.id}/redeliver`, seller.admin.token)));
    expect(asks.map((a) => a.status).sort()).toEqual([202, 409, 409, 409]);
    await waitFor(async () => (await log(seller, '&status=delivered')).length === 1, { what: 'the redelivery' });
    await stack.settled();
    expect(receiver.deliveredTo(path)).toHaveLength(1);
    expect(receiver.deliveredTo(path)[0]!.body.id).toBe(ping.eventId);
  });

  describe('authorisation', () => {
    let seller: Seller;
    let other: Seller;
    let partner: Partner;
    let deliveryId: string;

    beforeAll(async () => {
      ({ seller } = await sellerWithWebhook(`/authz-${tag()}`));
      [other, partner] = await Promise.all([world.seller(), world.partner()]);
      deliveryId = (await stack.client.post(`${base(seller)}/ping`, seller.admin.token)).body.id;
      await waitFor(async () => (await log(seller, '&status=delivered')).length === 1, { what: 'the ping' });
    });

    const routes = (s: Seller) => ({
      reads: [
        ['GET', base(s)],
        ['GET', `${base(s)}/deliveries`],
      ] as const,
      writes: [
        ['PUT', base(s), { url: 'https://backend.seller.example/hooks' }],
        ['POST', `${base(s)}/rotate-secret`, undefined],
        ['POST', `${base(s)}/deliveries/${deliveryId}/redeliver`, undefined],
        ['POST', `${base(s)}/ping`, undefined],
      ] as const,
    });
    const call = (method: string, path: string, token: string | null, body?: unknown) => stack.client.request(method, path, { token, body });

    it('reads: any user of the account; writes and ping: its administrators only (403 for the others)', async () => {
      for (const [method, path] of routes(seller).reads) {
        for (const user of [seller.admin, seller.manager, seller.viewer])
          expect({ path, role: user.role, status: (await call(method, path, user.token)).status }).toEqual({ path, role: user.role, status: 200 });
      }
      for (const [method, path, body] of routes(seller).writes) {
        for (const user of [seller.manager, seller.viewer]) expectProblem(await call(method, path, user.token, body), 403, 'FORBIDDEN');
      }
      expect(await log(seller)).toHaveLength(1);
    });

    it("another account's users get 404 on every route, whatever their role; partners 403; no token 401", async () => {
      for (const [method, path, body] of [...routes(seller).reads, ...routes(seller).writes] as Array<readonly [string, string, unknown?]>) {
        for (const user of [other.admin, other.viewer]) expectProblem(await call(method, path, user.token, body), 404, 'NOT_FOUND');
        expectProblem(await call(method, path, partner.user.token, body), 403, 'FORBIDDEN');
        expectProblem(await call(method, path, null, body), 401, 'UNAUTHENTICATED');
      }
      // Its own account path with a delivery of another account: 404 (and a partner's redeliver route does not reach it either).
      expectProblem(await call('POST', `${base(other)}/deliveries/${deliveryId}/redeliver`, other.admin.token), 404, 'NOT_FOUND');
      expectProblem(await call('POST', `/v1/partner/deliveries/${deliveryId}/redeliver`, partner.user.token), 404, 'NOT_FOUND');
      expect((await stack.client.get(base(seller), seller.viewer.token)).body).toEqual({ url: expect.stringContaining('/authz-') });
    });
  });
});
