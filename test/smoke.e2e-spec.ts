import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, WebhookReceiver, World, waitFor } from '@app/testing';

describe('smoke', () => {
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

  it('binds and the partner hears of it', async () => {
    const seller = await world.seller();
    const partner = await world.partner({ webhookUrl: receiver.url('/p1') });
    const binding = await world.bind(seller, partner);
    expect(binding.status).toBe('pending');
    await waitFor(() => receiver.deliveredTo('/p1').length === 1, { what: 'webhook' });
    expect(receiver.deliveredTo('/p1')[0]!.body.type).toBe('binding.requested');
  });
});
