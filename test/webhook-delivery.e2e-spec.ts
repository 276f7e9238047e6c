import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyWebhookSignature } from '@partner-binding/client/webhooks';
import { TestStack, WebhookReceiver, World, waitFor, type Partner } from '@app/testing';

const tag = () => randomBytes(3).toString('hex');

async function deliveries(stack: TestStack, partner: Partner, query = ''): Promise<any[]> {
  const response = await stack.client.get(`/v1/partner/deliveries?limit=100${query}`, partner.user.token);
  expect(response.status).toBe(200);
  return response.body.items;
}

/** Waits until the delivery of `eventId` is in `status` in the partner's log, and returns it. */
async function waitForDelivery(stack: TestStack, partner: Partner, eventId: string, status: string, timeoutMs = 10_000): Promise<any> {
  let found: any;
  await waitFor(
    async () => {
      found = (await deliveries(stack, partner)).find((d) => d.eventId === eventId);
      return found?.status === status;
    },
    { timeoutMs, what: `delivery of ${eventId} to be ${status} (last seen: ${JSON.stringify(found)})` },
  );
  return found;
}

describe('webhook delivery', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let world: World;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({ env: { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_TIMEOUT_MS: '500' } });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('retries after failures with the same event id and the same bytes, then logs it delivered', async () => {
    const path = `/retry-${tag()}`;
    receiver.plan(path, { status: 500 }, { status: 500 });
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const binding = await world.bind(seller, partner);

    await waitFor(() => receiver.deliveredTo(path).length === 1, { what: 'the third attempt to be answered 200' });
    const attempts = receiver.requestsTo(path);
    expect(attempts.map((a) => a.answeredStatus)).toEqual([500, 500, 200]);
    const [first] = attempts;
    expect(first!.body).toMatchObject({ type: 'binding.requested', data: { binding: { id: binding.id } } });
    for (const attempt of attempts) {
      expect(attempt.headers['x-event-id']).toBe(first!.body.id);
      expect(attempt.rawBody).toBe(first!.rawBody);
      expect(verifyWebhookSignature(partner.webhookSecret, attempt.rawBody, String(attempt.headers['x-signature']))).toBe(true);
    }
    // Retries wait (backoff 50 ms × 3^(n−1), ±20 %): never hammered back to back.
    expect(attempts[1]!.receivedAt - attempts[0]!.receivedAt).toBeGreaterThanOrEqual(35);
    expect(attempts[2]!.receivedAt - attempts[1]!.receivedAt).toBeGreaterThanOrEqual(110);

    const delivery = await waitForDelivery(stack, partner, first!.body.id, 'delivered');
    expect(delivery).toMatchObject({ type: 'binding.requested', status: 'delivered', attempts: 3 });
    expect(delivery.deliveredAt).not.toBeNull();
    await stack.settled();
    expect(receiver.requestsTo(path)).toHaveLength(3);
  });

  it('gives up after the last attempt, keeps the failure in the log, and redelivers the same event on request', async () => {
    const path = `/fail-${tag()}`;
    receiver.plan(path, { status: 500 }, { status: 503 }, { status: 500 });
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    await world.bind(seller, partner);

    await waitFor(() => receiver.requestsTo(path).length === 3, { what: 'three attempts' });
    const eventId = String(receiver.requestsTo(path)[0]!.headers['x-event-id']);
    const failed = await waitForDelivery(stack, partner, eventId, 'failed');
    expect(failed).toMatchObject({ eventId, type: 'binding.requested', status: 'failed', attempts: 3, lastStatusCode: 500 });
    expect(typeof failed.lastError).toBe('string');
    expect(failed.lastError.length).toBeGreaterThan(0);
    expect((await deliveries(stack, partner, '&status=failed')).map((d) => d.id)).toEqual([failed.id]);
    expect(await deliveries(stack, partner, '&status=delivered')).toEqual([]);
    // No fourth attempt on its own.
    await stack.settled();
    expect(receiver.requestsTo(path)).toHaveLength(3);
    expect(receiver.deliveredTo(path)).toHaveLength(0);

    // The partner fixed its endpoint (the plan is used up: 200 now) and asks for the event again.
    const redeliver = await stack.client.post(`/v1/partner/deliveries/${failed.id}/redeliver`, partner.user.token);
    expect(redeliver.status).toBe(202);
    await waitFor(() => receiver.deliveredTo(path).length === 1, { what: 'the redelivered webhook' });
    const redelivered = receiver.deliveredTo(path)[0]!;
    expect(redelivered.headers['x-event-id']).toBe(eventId);
    expect(redelivered.body.id).toBe(eventId);
    expect(redelivered.rawBody).toBe(receiver.requestsTo(path)[0]!.rawBody);
    expect(verifyWebhookSignature(partner.webhookSecret, redelivered.rawBody, String(redelivered.headers['x-signature']))).toBe(true);

    const delivered = await waitForDelivery(stack, partner, eventId, 'delivered');
    expect(delivered.id).toBe(failed.id);
    expect(delivered.deliveredAt).not.toBeNull();
    expect(await deliveries(stack, partner, '&status=failed')).toEqual([]);

    // Another partner cannot redeliver it.
    const stranger = await world.partner();
    const foreign = await stack.client.post(`/v1/partner/deliveries/${failed.id}/redeliver`, stranger.user.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
  });

  it('does not follow a redirect and counts it as a failure', async () => {
    const path = `/moved-${tag()}`;
    receiver.setDefault(path, { status: 302 });
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    await world.bind(seller, partner);

    await waitFor(() => receiver.requestsTo(path).length >= 1, { what: 'the first attempt' });
    const eventId = String(receiver.requestsTo(path)[0]!.headers['x-event-id']);
    const failed = await waitForDelivery(stack, partner, eventId, 'failed');
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 302, deliveredAt: null });
    expect(failed.lastError).toEqual(expect.any(String));
    expect(receiver.requestsTo(path)).toHaveLength(3);
    expect(receiver.requestsTo('/redirected')).toHaveLength(0);
  });

  it('validates the webhook URL the partner sets, and shows the one in force', async () => {
    const partner = await world.partner();
    const put = (url: unknown) => stack.client.put('/v1/partner/webhook', partner.user.token, { url });

    const https = await put('https://integrator.example/hooks/partner-binding');
    expect(https.status).toBe(200);
    expect(https.body).toEqual({ url: 'https://integrator.example/hooks/partner-binding' });
    expect((await stack.client.get('/v1/partner/webhook', partner.user.token)).body).toEqual({ url: 'https://integrator.example/hooks/partner-binding' });

    const loopback = receiver.url('/loopback-ok');
    const http = await put(loopback);
    expect(http.status).toBe(200);
    expect(http.body).toEqual({ url: loopback });

    for (const bad of ['ftp://integrator.example/hooks', 'not a url', 'http://integrator.example/hooks', '', 42]) {
      const response = await put(bad);
      expect({ bad, status: response.status, code: response.body?.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 400, title: expect.any(String) });
    }
    expect((await stack.client.put('/v1/partner/webhook', partner.user.token, { url: loopback, extra: true })).status).toBe(400);

    const current = await stack.client.get('/v1/partner/webhook', partner.user.token);
    expect(current.status).toBe(200);
    expect(current.body).toEqual({ url: loopback });

    // A seller user may not touch a partner's endpoint.
    const seller = await world.seller();
    expect((await stack.client.put('/v1/partner/webhook', seller.admin.token, { url: loopback })).status).toBe(403);
  });

  it('signs with the new secret after rotation, and no longer with the old one', async () => {
    const path = `/rotate-${tag()}`;
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const before = await world.bind(await world.seller(), partner);
    await waitFor(() => receiver.deliveredTo(path).length === 1, { what: 'the first webhook' });
    const oldHook = receiver.deliveredTo(path)[0]!;
    expect(oldHook.body.data.binding.id).toBe(before.id);
    expect(verifyWebhookSignature(partner.webhookSecret, oldHook.rawBody, String(oldHook.headers['x-signature']))).toBe(true);

    const rotated = await stack.client.post('/v1/partner/webhook/rotate-secret', partner.user.token);
    expect(rotated.status).toBe(200);
    const secret = rotated.body.secret;
    expect(typeof secret).toBe('string');
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect(secret).not.toBe(partner.webhookSecret);

    const after = await world.bind(await world.seller(), partner);
    await waitFor(() => receiver.deliveredTo(path).length === 2, { what: 'the webhook after rotation' });
    const newHook = receiver.deliveredTo(path)[1]!;
    expect(newHook.body.data.binding.id).toBe(after.id);
    expect(verifyWebhookSignature(secret, newHook.rawBody, String(newHook.headers['x-signature']))).toBe(true);
    expect(verifyWebhookSignature(partner.webhookSecret, newHook.rawBody, String(newHook.headers['x-signature']))).toBe(false);
  });
});

describe('webhook delivery with a hanging partner', () => {
  const TIMEOUT_MS = 300;
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let world: World;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // Few worker slots and immediate retries, so that a partner allowed to take every slot
    // would starve the others (its endpoint answers only after the timeout).
    stack = await TestStack.start({
      env: { WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), WEBHOOK_MAX_ATTEMPTS: '30', WEBHOOK_BACKOFF_MS: '1', WEBHOOK_WORKER_CONCURRENCY: '8' },
    });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it("one partner's slow endpoint does not hold back another partner's webhooks", async () => {
    const slowPath = `/slow-${tag()}`;
    const fastPath = `/fast-${tag()}`;
    receiver.setDefault(slowPath, { status: 200, delayMs: TIMEOUT_MS * 2 });
    const slow = await world.partner({ webhookUrl: receiver.url(slowPath) });
    const fast = await world.partner({ webhookUrl: receiver.url(fastPath) });
    const sellers = await Promise.all(Array.from({ length: 32 }, () => world.seller()));

    // Many requests to the slow partner, more than there are worker slots.
    await Promise.all(sellers.map((seller) => world.bind(seller, slow)));
    // (the receiver records a request only when it answers, so watch the partner's log instead)
    await waitFor(async () => (await deliveries(stack, slow)).some((d) => d.attempts >= 1), { what: 'the slow partner to time out once' });

    // The fast partner's webhooks arrive promptly while the slow one is still being retried.
    const fastBindings: { id: string; at: number }[] = [];
    for (const seller of sellers.slice(0, 4)) {
      const binding = await world.bind(seller, fast);
      fastBindings.push({ id: binding.id, at: Date.now() });
    }
    await waitFor(() => receiver.deliveredTo(fastPath).length === fastBindings.length, { timeoutMs: 10_000, what: 'the fast partner webhooks' });
    for (const { id, at } of fastBindings) {
      const hook = receiver.deliveredTo(fastPath).find((h) => h.body.data.binding.id === id)!;
      expect(hook.receivedAt - at).toBeLessThan(TIMEOUT_MS);
    }

    const slowLog = await deliveries(stack, slow);
    expect(slowLog).toHaveLength(sellers.length);
    expect(slowLog.some((d) => d.status === 'pending')).toBe(true);
    expect(slowLog.filter((d) => d.status === 'delivered')).toHaveLength(0);
    const fastLog = await deliveries(stack, fast);
    expect(fastLog.map((d) => d.status)).toEqual(fastBindings.map(() => 'delivered'));
    expect(fastLog.every((d) => d.attempts === 1)).toBe(true);

    // The slow endpoint timed out: logged as such, never as delivered.
    await waitFor(async () => (await deliveries(stack, slow)).some((d) => d.attempts >= 1 && d.lastError), { what: 'a timed-out attempt in the log' });
    const timedOut = (await deliveries(stack, slow)).find((d) => d.lastError)!;
    expect(timedOut.lastStatusCode).toBeNull();
    expect(timedOut.status).not.toBe('delivered');
  });
});
