import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, WebhookReceiver, World, waitFor } from '@app/testing';

/** What an operator relies on: request ids end to end, metrics that move, health endpoints. */
describe('operability', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let world: World;

  beforeAll(async () => {
    stack = await TestStack.start();
    receiver = await WebhookReceiver.start();
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('echoes a caller’s X-Request-Id, makes one up otherwise, and refuses junk ids', async () => {
    const given = await stack.client.request('GET', '/health/live', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
    const generated = await stack.client.get('/health/live');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const junk = await stack.client.request('GET', '/health/live', { headers: { 'x-request-id': 'x'.repeat(300) } });
    expect(junk.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the request id of a "Turn On" into the partner’s webhook', async () => {
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url('/trace') });
    const response = await stack.client.post(
      `/v1/accounts/${seller.accountId}/bindings`,
      seller.admin.token,
      { partnerId: partner.id },
      { 'x-request-id': 'turn-on-4711' },
    );
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('turn-on-4711');
    await waitFor(() => receiver.deliveredTo('/trace').length === 1, { what: 'the webhook' });
    expect(receiver.deliveredTo('/trace')[0]!.headers['x-request-id']).toBe('turn-on-4711');
  });

  it('exposes Prometheus metrics that move with the traffic', async () => {
    const metric = (text: string, name: string, labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    const before = (await stack.client.get('/metrics')).body as string;
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url('/metrics-flow') });
    const binding = await world.bind(seller, partner);
    await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    await waitFor(() => receiver.deliveredTo('/metrics-flow').length === 1, { what: 'the webhook' });
    // The worker counts a delivery once the partner's answer is in, a moment after the receiver saw it.
    const scrape = async () => (await stack.client.get('/metrics')).body as string;
    const delivered = (text: string) => metric(text, 'pbs_webhook_deliveries_total', 'outcome="delivered"');
    await waitFor(async () => delivered(await scrape()) > delivered(before), { what: 'the delivery to be counted' });

    const after = await stack.client.get('/metrics');
    expect(after.status).toBe(200);
    expect(after.contentType).toContain('text/plain');
    const text = after.body as string;
    expect(metric(text, 'pbs_binding_transitions_total', 'type="binding.requested"')).toBe(
      metric(before, 'pbs_binding_transitions_total', 'type="binding.requested"') + 1,
    );
    expect(metric(text, 'pbs_binding_transitions_total', 'type="binding.confirmed"')).toBe(
      metric(before, 'pbs_binding_transitions_total', 'type="binding.confirmed"') + 1,
    );
    expect(text).toMatch(/^pbs_webhook_delivery_seconds_count\{outcome="delivered"\} [1-9]/m);
    expect(metric(text, 'pbs_http_request_duration_seconds_count', 'route="/v1/accounts/:accountId/bindings",status="202"')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^pbs_outbox_backlog \d+/m);
    expect(text).toMatch(/^pbs_queue_jobs\{queue="partner-webhooks",state="waiting"\} \d+/m);
    expect(text).toContain('process_resident_memory_bytes');
    // Ids never become label values.
    expect(text).not.toContain(binding.id);
  });

  it('answers liveness and readiness', async () => {
    expect((await stack.client.get('/health/live')).status).toBe(200);
    const ready = await stack.client.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ mysql: { status: 'up' }, redis: { status: 'up' } });
  });
});

describe('queue dashboard', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is open to the operator token only', async () => {
    const anonymous = await stack.client.get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect(anonymous.contentType).toContain('application/problem+json');

    const world = new World(stack.client);
    const seller = await world.seller();
    expect((await stack.client.get('/admin/queues', seller.admin.token)).status).toBe(401);

    const page = await stack.client.get('/admin/queues', stack.client.operatorToken);
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');

    const basic = Buffer.from(`operator:${stack.client.operatorToken}`).toString('base64');
    const api = await stack.client.request('GET', '/admin/queues/api/queues?activeQueue=partner-webhooks&page=1&jobsPerPage=10', {
      headers: { authorization: `Basic ${basic}` },
    });
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      expect.arrayContaining(['binding-expiry', 'partner-webhooks', 'seller-notices']),
    );
  });
});

describe('rate limits', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { RATE_LIMIT_PER_USER: '5', RATE_LIMIT_PER_IP: '40', RATE_LIMIT_WINDOW_MS: '60000' } });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('gives each user a budget, answers 429 problem+json with Retry-After past it, and leaves other users alone', async () => {
    const seller = await world.seller();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await stack.client.get('/v1/me', seller.viewer.token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    const refused = await stack.client.get('/v1/me', seller.viewer.token);
    expect(refused.status).toBe(429);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await stack.client.get('/v1/me', seller.manager.token)).status).toBe(200);
  });

  it('caps one IP across users, but never health checks', async () => {
    for (let i = 0; i < 45; i++) await stack.client.get('/v1/me');
    const refused = await stack.client.get('/v1/me');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect((await stack.client.get('/health/live')).status).toBe(200);
  });
});
