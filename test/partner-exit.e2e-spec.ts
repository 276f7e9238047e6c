import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SmtpCatcher, TestStack, WebhookReceiver, World, expectProblem, waitFor, type Partner, type Seller } from '@app/testing';

const tag = () => randomBytes(3).toString('hex');

describe('partner exit: POST /v1/partner/requests/:bindingId/terminate', () => {
  let smtp: SmtpCatcher;
  let receiver: WebhookReceiver;
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({ env: { SMTP_URL: smtp.url, WEBHOOK_BACKOFF_MS: '50' } });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
    await smtp?.stop();
  });

  const terminate = (partner: Partner, bindingId: string, body?: unknown) =>
    stack.client.post(`/v1/partner/requests/${bindingId}/terminate`, partner.user.token, body);
  const detail = async (seller: Seller, bindingId: string) =>
    (await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${bindingId}`, seller.viewer.token)).body;

  async function activeBinding(seller: Seller, partner: Partner): Promise<any> {
    const binding = await world.bind(seller, partner);
    const confirmed = await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token);
    expect(confirmed.status).toBe(200);
    return confirmed.body;
  }

  it('ends an active binding as terminated, keeps the reason, frees the slot and tells the seller in-app and by e-mail', async () => {
    const path = `/exit-${tag()}`;
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url(path) });
    const binding = await activeBinding(seller, partner);

    const ended = await terminate(partner, binding.id, { reason: '  We no longer serve marketplaces.  ' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      id: binding.id,
      status: 'terminated',
      terminationReason: 'We no longer serve marketplaces.',
      version: binding.version + 1,
    });
    expect(Date.parse(ended.body.terminatedAt)).not.toBeNaN();

    // Repeating it is 200 and changes nothing, the reason included.
    const again = await terminate(partner, binding.id, { reason: 'another reason' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(ended.body);

    const events = (await detail(seller, binding.id)).events as any[];
    expect(events.map((e) => e.type)).toEqual(['binding.requested', 'binding.confirmed', 'binding.terminated']);
    expect(events[2]).toMatchObject({
      actorKind: 'partner',
      actorId: partner.user.id,
      fromStatus: 'active',
      toStatus: 'terminated',
      data: { reason: 'We no longer serve marketplaces.' },
    });

    // Gone from Helpful Contacts and from the access check; a new request is allowed.
    expect((await stack.client.get(`/v1/accounts/${seller.accountId}/helpful-contacts`, seller.viewer.token)).body.items).toEqual([]);
    const access = await stack.client.operator('GET', `/v1/operator/access?accountId=${seller.accountId}&partnerId=${partner.id}&scope=orders.read`);
    expect(access.body).toEqual({ allowed: false, bindingId: null, scopes: [], endsAt: null });
    expect((await world.bind(seller, partner)).id).not.toBe(binding.id);

    // The seller is told in-app and its administrator by e-mail; the partner gets no webhook about its own exit.
    await waitFor(
      async () =>
        ((await stack.client.get(`/v1/accounts/${seller.accountId}/notifications?limit=100`, seller.viewer.token)).body.items as any[]).some(
          (n) => n.type === 'binding.terminated' && n.bindingId === binding.id,
        ),
      { what: 'binding.terminated seller notice' },
    );
    await waitFor(() => smtp.to(seller.admin.email).some((m) => m.headers['x-event-id'] === events[2].id), {
      what: 'binding.terminated e-mail',
      timeoutMs: 15_000,
    });
    const mail = smtp.to(seller.admin.email).find((m) => m.headers['x-event-id'] === events[2].id)!;
    expect(mail.subject).toContain(`${partner.name} ended the binding`);
    expect(mail.text).toContain('Their reason: "We no longer serve marketplaces."');
    await stack.settled();
    expect(receiver.deliveredTo(path).filter((h) => h.body?.type === 'binding.terminated')).toEqual([]);
  });

  it('refuses a pending request (409), a cancelled binding (409), another partner’s (404), a seller (403) and a long reason (400)', async () => {
    const seller = await world.seller();
    const partner = await world.partner();
    const other = await world.partner();
    const pending = await world.bind(seller, partner);
    expectProblem(await terminate(partner, pending.id), 409, 'INVALID_STATE');

    const active = await activeBinding(await world.seller(), partner);
    expectProblem(await terminate(other, active.id), 404, 'NOT_FOUND');
    expectProblem(await stack.client.post(`/v1/partner/requests/${active.id}/terminate`, seller.admin.token, {}), 403, 'FORBIDDEN');
    expectProblem(await terminate(partner, active.id, { reason: 'x'.repeat(501) }), 400, 'VALIDATION_FAILED');
    expectProblem(await terminate(partner, active.id, { reason: 'fine', status: 'cancelled' }), 400, 'VALIDATION_FAILED');
    expect((await stack.client.get(`/v1/partner/requests?status=active`, partner.user.token)).body.items.map((b: any) => b.id)).toContain(active.id);

    await stack.client.post(`/v1/accounts/${pending.accountId}/bindings/${pending.id}/cancel`, seller.admin.token);
    expectProblem(await terminate(partner, pending.id), 409, 'INVALID_STATE');
    expect((await detail(seller, pending.id)).status).toBe('cancelled');
  });

  it('terminate racing cancel: exactly one ends the binding, the other gets 409, and the trail shows only the winner', async () => {
    const partner = await world.partner();
    for (let round = 0; round < 8; round++) {
      const seller = await world.seller();
      const binding = await activeBinding(seller, partner);
      const [terminated, cancelled] = await Promise.all([
        terminate(partner, binding.id, { reason: 'race' }),
        stack.client.post(`/v1/accounts/${seller.accountId}/bindings/${binding.id}/cancel`, seller.admin.token),
      ]);
      expect([terminated.status, cancelled.status].sort()).toEqual([200, 409]);
      const final = await detail(seller, binding.id);
      const winner = terminated.status === 200 ? 'terminated' : 'cancelled';
      expect(final.status).toBe(winner);
      expect((final.events as any[]).map((e) => e.type)).toEqual(['binding.requested', 'binding.confirmed', `binding.${winner}`]);
      expect(final.terminatedAt === null).toBe(winner === 'cancelled');
      expect(final.cancelledAt === null).toBe(winner === 'terminated');
    }
  });
});
