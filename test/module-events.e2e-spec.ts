import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModuleEventsService } from '@app/bindings';
import { newId } from '@app/common';
import { TestStack, WebhookReceiver, World, expectProblem, sleep, waitFor, type ApiClient, type Partner, type Seller } from '@app/testing';

describe('module events over jobs (closing an account, decertifying a partner)', () => {
  let stack: TestStack;
  let client: ApiClient;
  let world: World;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start();
    client = stack.client;
    world = new World(client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  const asPartner = async (partner: Partner, bindingId: string) => (await client.get(`/v1/partner/requests/${bindingId}`, partner.user.token)).body;
  const confirm = async (partner: Partner, bindingId: string) =>
    expect((await client.post(`/v1/partner/requests/${bindingId}/confirm`, partner.user.token)).status).toBe(200);
  const noticesOf = async (seller: Seller) =>
    (await client.get(`/v1/accounts/${seller.accountId}/notifications?limit=100`, seller.viewer.token)).body.items as any[];

  it('closing an account cancels its live bindings as the system, tells the partners, and refuses its users from then on', async () => {
    const path = `/close-${newId()}`;
    const [seller, other, p1, p2, p3] = await Promise.all([
      world.seller(),
      world.seller(),
      world.partner({ webhookUrl: receiver.url(path) }),
      world.partner({ webhookUrl: receiver.url(path) }),
      world.partner(),
    ]);
    const active = await world.bind(seller, p1);
    await confirm(p1, active.id);
    const pending = await world.bind(seller, p2);
    const declined = await world.bind(seller, p3);
    expect((await client.post(`/v1/partner/requests/${declined.id}/decline`, p3.user.token)).status).toBe(200);
    const othersBinding = await world.bind(other, p1);
    await confirm(p1, othersBinding.id);

    const closed = await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { active: false });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: seller.accountId, name: seller.name, active: false });

    // Its users are refused at once, every role, and no new token is minted for them.
    for (const user of [seller.admin, seller.manager, seller.viewer]) expectProblem(await client.get('/v1/me', user.token), 401, 'UNAUTHENTICATED');
    expectProblem(await client.get(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token), 401, 'UNAUTHENTICATED');
    expectProblem(await client.operator('POST', '/v1/operator/tokens', { userId: seller.admin.id }), 422, 'USER_INACTIVE');

    await waitFor(async () => (await asPartner(p1, active.id)).status === 'cancelled' && (await asPartner(p2, pending.id)).status === 'cancelled', {
      what: "the closed account's live bindings cancelled",
    });
    for (const [partner, binding, from] of [
      [p1, active, 'active'],
      [p2, pending, 'pending'],
    ] as const) {
      const seen = await asPartner(partner, binding.id);
      expect(seen).toMatchObject({ status: 'cancelled', cancelledBy: null });
      expect(seen.events.at(-1)).toMatchObject({ type: 'binding.cancelled', actorKind: 'system', actorId: null, fromStatus: from, toStatus: 'cancelled' });
      // The partner is told by its webhook.
      await waitFor(() => receiver.deliveredTo(path).some((hook) => hook.body?.type === 'binding.cancelled' && hook.body.data.binding.id === binding.id), {
        what: `binding.cancelled webhook for ${binding.id}`,
      });
    }
    expect((await asPartner(p3, declined.id)).status).toBe('declined');
    expect((await client.get(`/v1/accounts/${other.accountId}/bindings/${othersBinding.id}`, other.viewer.token)).body.status).toBe('active');

    // Closing it again changes nothing and cancels nothing twice.
    expect((await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { active: false })).status).toBe(200);
    await sleep(500);
    const trail = (await asPartner(p1, active.id)).events as any[];
    expect(trail.filter((e) => e.type === 'binding.cancelled')).toHaveLength(1);

    // Reopened, its users are let in again (their bindings stay cancelled).
    expect((await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { active: true })).body.active).toBe(true);
    expect((await client.get('/v1/me', seller.viewer.token)).status).toBe(200);
  });

  it('decertifying a partner tells every seller with a live binding to it, once per binding', async () => {
    const [s1, s2, s3, partner] = await Promise.all([world.seller(), world.seller(), world.seller(), world.partner()]);
    const active = await world.bind(s1, partner);
    await confirm(partner, active.id);
    const pending = await world.bind(s2, partner);
    const ended = await world.bind(s3, partner);
    expect((await client.post(`/v1/accounts/${s3.accountId}/bindings/${ended.id}/cancel`, s3.admin.token)).status).toBe(200);

    expect((await client.operator('PATCH', `/v1/operator/partners/${partner.id}`, { certified: false })).status).toBe(200);
    const decertifiedOf = async (seller: Seller) => (await noticesOf(seller)).filter((n) => n.type === 'partner.decertified');
    await waitFor(async () => (await decertifiedOf(s1)).length === 1 && (await decertifiedOf(s2)).length === 1, { what: 'partner.decertified notices' });
    expect((await decertifiedOf(s1))[0]).toMatchObject({ bindingId: active.id, partnerId: partner.id });
    expect((await decertifiedOf(s2))[0]).toMatchObject({ bindingId: pending.id, partnerId: partner.id });
    // The bindings stay as they were.
    expect((await asPartner(partner, active.id)).status).toBe('active');
    expect((await asPartner(partner, pending.id)).status).toBe('pending');

    // Already decertified: no new decertification, no new notice. A step run again (a retried job) is the same notice.
    expect((await client.operator('PATCH', `/v1/operator/partners/${partner.id}`, { certified: false })).status).toBe(200);
    const steps = stack.api.get(ModuleEventsService, { strict: false });
    const decertificationId = newId();
    await steps.decertifiedPage(partner.id, decertificationId, null, 1);
    await steps.decertifiedPage(partner.id, decertificationId, null, 1);
    await waitFor(async () => (await decertifiedOf(s1)).length === 2 && (await decertifiedOf(s2)).length === 2, { what: 'the repeated step’s notices' });
    await sleep(500);
    expect(await decertifiedOf(s1)).toHaveLength(2);
    expect(await decertifiedOf(s2)).toHaveLength(2);
    expect(await decertifiedOf(s3)).toHaveLength(0);
  });

  it('a closing runs in pages: each step cancels one page and queues the next, and a repeated step cancels nothing again', async () => {
    const seller = await world.seller();
    const partners = await Promise.all([1, 2, 3, 4, 5].map(() => world.partner()));
    const bindings: any[] = [];
    for (const partner of partners) bindings.push(await world.bind(seller, partner));
    const steps = stack.api.get(ModuleEventsService, { strict: false });
    // Drive the pages by hand with a page of 2 (the queued follow-ups use the default page and find the rest).
    const first = await steps.closeAccountPage(seller.accountId, null, 2);
    expect(first.cancelled).toBe(2);
    expect(first.next).not.toBeNull();
    // Run from the start again (a retried first step): the first two are no longer live, so it never cancels them twice.
    await steps.closeAccountPage(seller.accountId, null, 2);
    await waitFor(
      async () => {
        const statuses = await Promise.all(bindings.map(async (b, i) => (await asPartner(partners[i]!, b.id)).status));
        return statuses.every((status) => status === 'cancelled');
      },
      { what: 'every binding cancelled' },
    );
    for (const [i, b] of bindings.entries()) {
      const events = (await asPartner(partners[i]!, b.id)).events as any[];
      expect(events.filter((e) => e.type === 'binding.cancelled')).toHaveLength(1);
    }
  });

  it('PATCH /v1/operator/accounts/:accountId: operator only, 404 for an unknown account, 400 for a bad body', async () => {
    const seller = await world.seller();
    expectProblem(await client.patch(`/v1/operator/accounts/${seller.accountId}`, seller.admin.token, { active: false }), 401, 'UNAUTHENTICATED');
    expectProblem(await client.operator('PATCH', '/v1/operator/accounts/00000000-0000-4000-8000-000000000000', { active: false }), 404, 'NOT_FOUND');
    expectProblem(await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { active: 'no' }), 400, 'VALIDATION_FAILED');
    expectProblem(await client.operator('PATCH', `/v1/operator/accounts/${seller.accountId}`, { closed: true }), 400, 'VALIDATION_FAILED');
    expect((await client.get('/v1/me', seller.viewer.token)).status).toBe(200);
  });
});
