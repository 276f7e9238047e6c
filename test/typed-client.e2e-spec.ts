import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PartnerBindingClient } from '@partner-binding/client';
import { verifyWebhook, type WebhookEvent } from '@partner-binding/client/webhooks';
import { TestStack, WebhookReceiver, typedClient, waitFor } from '@app/testing';

/** The story driven only through the generated client, as a partner's or seller's back-end team would. */
describe('the generated TypeScript client against the service', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let operator: PartnerBindingClient;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start();
    operator = typedClient(stack.baseUrl, stack.config.operatorToken);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  const tokenFor = async (userId: string) => (await operator.POST('/v1/operator/tokens', { body: { userId } })).data!.accessToken;

  it('provisions, turns a partner on, verifies the signed webhook, confirms, and reads typed errors', async () => {
    const tag = Date.now().toString(36);
    const account = await operator.POST('/v1/operator/accounts', { body: { name: `Typed ${tag}` } });
    expect(account.response.status).toBe(201);
    const accountId = account.data!.id;
    const admin = await operator.POST('/v1/operator/accounts/{accountId}/users', {
      params: { path: { accountId } },
      body: { email: `admin-${tag}@typed.test`, name: 'Ada', role: 'admin' },
    });
    const partner = await operator.POST('/v1/operator/partners', {
      body: { name: `Typed Integrator ${tag}`, certified: true, contacts: { email: `hi-${tag}@typed.test` }, webhookUrl: receiver.url(`/typed-${tag}`) },
    });
    expect(partner.data).toMatchObject({ certified: true, contacts: { phone: null, website: null } });
    const partnerId = partner.data!.id;
    const staff = await operator.POST('/v1/operator/partners/{partnerId}/users', {
      params: { path: { partnerId } },
      body: { email: `staff-${tag}@typed.test`, name: 'Sam' },
    });

    const seller = typedClient(stack.baseUrl, await tokenFor(admin.data!.id));
    const me = await seller.GET('/v1/me');
    expect(me.data).toMatchObject({ kind: 'seller', role: 'admin', account: { id: accountId } });
    const found = await seller.GET('/v1/partners', { params: { query: { q: `Integrator ${tag}` } } });
    expect(found.data!.items).toEqual([expect.objectContaining({ id: partnerId, binding: null })]);

    const turnOn = () =>
      seller.POST('/v1/accounts/{accountId}/bindings', {
        params: { path: { accountId }, header: { 'Idempotency-Key': `turn-on-${tag}` } },
        body: { partnerId },
      });
    const first = await turnOn();
    expect(first.response.status).toBe(202);
    expect(first.data!.status).toBe('pending');
    expect((await turnOn()).data).toEqual(first.data);
    const again = await seller.POST('/v1/accounts/{accountId}/bindings', { params: { path: { accountId } }, body: { partnerId } });
    expect(again.error?.code).toBe('BINDING_EXISTS');

    await waitFor(() => receiver.deliveredTo(`/typed-${tag}`).length === 1, { what: 'the binding.requested webhook' });
    const [delivery] = receiver.deliveredTo(`/typed-${tag}`);
    const event: WebhookEvent = verifyWebhook({ secret: partner.data!.webhookSecret, rawBody: delivery!.rawBody, signature: delivery!.headers['x-signature'] });
    expect(event.type).toBe('binding.requested');
    expect(event.type === 'binding.requested' && event.data.binding.id).toBe(first.data!.id);
    expect(() => verifyWebhook({ secret: 'whsec_wrong', rawBody: delivery!.rawBody, signature: delivery!.headers['x-signature'] })).toThrow();

    const partnerApi = typedClient(stack.baseUrl, await tokenFor(staff.data!.id));
    const pending = await partnerApi.GET('/v1/partner/requests', { params: { query: { status: ['pending', 'active'] } } });
    expect(pending.data!.items.map((item) => [item.id, item.account.id])).toEqual([[first.data!.id, accountId]]);
    const confirmed = await partnerApi.POST('/v1/partner/requests/{bindingId}/confirm', { params: { path: { bindingId: first.data!.id } } });
    expect(confirmed.data!.status).toBe('active');
    const declined = await partnerApi.POST('/v1/partner/requests/{bindingId}/decline', { params: { path: { bindingId: first.data!.id } }, body: {} });
    expect(declined.error).toMatchObject({ status: 409, code: 'INVALID_STATE' });

    const contacts = await seller.GET('/v1/accounts/{accountId}/helpful-contacts', { params: { path: { accountId } } });
    expect(contacts.data!.items.map((item) => item.partner.id)).toEqual([partnerId]);
    const notMine = await partnerApi.GET('/v1/accounts/{accountId}/bindings', { params: { path: { accountId } } });
    expect(notMine.error?.code).toBe('FORBIDDEN');
  });
});
