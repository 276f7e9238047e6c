import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { TestStack, World, type Partner, type Seller } from '@app/testing';
import { launchChromium, person, screenshot, seeText } from './browser.js';

const OFFERED = ['products.read', 'orders.read', 'orders.write'];

async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/app`);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Scopes at "Turn On", "Narrow access" in Helpful Contacts, and the partner's "End cooperation". */
describe('cabinet: scopes and partner exit in the browser', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let seller: Seller;
  let partner: Partner;

  beforeAll(async () => {
    stack = await TestStack.start();
    world = new World(stack.client);
    seller = await world.seller('Scopewise Goods');
    partner = await world.partner({ name: 'Narrowgate Services', scopes: OFFERED });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const bindings = async () => (await stack.client.get(`/v1/accounts/${seller.accountId}/bindings`, seller.viewer.token)).body.items;

  it('an admin chooses scopes at "Turn On" (none chosen: told, nothing sent), then narrows them in Helpful Contacts; the empty set is refused with the API\'s message', async () => {
    const { page, context } = await person(browser);
    await signIn(page, stack.baseUrl, seller.admin.token);
    await page.getByLabel('Search certified partners by name').pressSequentially('narrowgate', { delay: 40 });
    // The search's answer replaces the first catalogue page's cards: wait for it before choosing.
    await seeText(page.locator('#search-status'), 'matches “narrowgate”');
    const card = page.getByRole('list', { name: 'Partners found' }).locator('li.partner-card', { hasText: partner.name });
    const choices = card.getByRole('group', { name: `Access to grant ${partner.name}` });
    for (const label of ['Read products', 'Read orders', 'Handle orders']) expect(await choices.getByLabel(label).isChecked()).toBe(true);
    expect(await choices.getByRole('checkbox').count()).toBe(OFFERED.length); // only what the partner offers

    for (const label of ['Read products', 'Read orders', 'Handle orders']) await choices.getByLabel(label).uncheck();
    await card.getByRole('button', { name: `Turn On ${partner.name}` }).click();
    await seeText(card, `Choose at least one kind of access to grant ${partner.name}.`);
    expect(await bindings()).toEqual([]);

    await choices.getByLabel('Read products').check();
    await choices.getByLabel('Handle orders').check();
    expect(await card.innerText()).not.toContain('Choose at least one kind of access'); // a choice clears the message
    await screenshot(card, 'turn-on-scopes');
    await card.getByRole('button', { name: `Turn On ${partner.name}` }).click();
    await seeText(card, 'Pending');
    const [binding] = await bindings();
    expect(binding.scopes).toEqual(['products.read', 'orders.write']);

    expect((await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token)).status).toBe(200);
    const helpful = page.getByRole('region', { name: 'Helpful Contacts' });
    const access = helpful.getByRole('list', { name: `Access granted to ${partner.name}` });
    await seeText(access, 'Read products');
    await seeText(access, 'Handle orders');
    expect(await access.innerText()).not.toContain('Read orders');

    // Nothing kept: the API refuses, the page shows its message, the binding keeps both.
    await helpful.getByRole('button', { name: `Narrow access for ${partner.name}` }).click();
    let dialog = page.getByRole('dialog', { name: `Narrow access for ${partner.name}?` });
    await dialog.getByLabel('Read products').uncheck();
    await dialog.getByLabel('Handle orders').uncheck();
    await dialog.getByRole('button', { name: 'Narrow access' }).click();
    await seeText(page.getByRole('alert').filter({ hasText: 'Could not narrow access' }), /at least one scope/);
    expect((await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.viewer.token)).body.scopes).toEqual([
      'products.read',
      'orders.write',
    ]);

    await helpful.getByRole('button', { name: `Narrow access for ${partner.name}` }).click();
    dialog = page.getByRole('dialog', { name: `Narrow access for ${partner.name}?` });
    await dialog.getByLabel('Handle orders').uncheck();
    await dialog.getByRole('button', { name: 'Narrow access' }).click();
    await seeText(page.locator('body'), `The access of ${partner.name} was narrowed.`);
    await seeText(access, /^(?!.*Handle orders).*Read products/); // the list re-rendered with the narrowed set
    const narrowed = (await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.viewer.token)).body;
    expect(narrowed).toMatchObject({ status: 'active', scopes: ['products.read'] });
    expect(narrowed.events.map((e: { type: string }) => e.type)).toEqual(['binding.requested', 'binding.confirmed', 'binding.scopes_narrowed']);
    await screenshot(helpful, 'helpful-scopes');
    await context.close();

    // A manager reads the scopes but gets no "Narrow access".
    const manager = await person(browser);
    await signIn(manager.page, stack.baseUrl, seller.manager.token);
    const managerHelpful = manager.page.getByRole('region', { name: 'Helpful Contacts' });
    await seeText(managerHelpful.getByRole('list', { name: `Access granted to ${partner.name}` }), 'Read products');
    expect(await managerHelpful.getByRole('button', { name: `Narrow access for ${partner.name}` }).count()).toBe(0);
    await manager.context.close();
  });

  it('the partner ends the cooperation with an active client, giving a reason; the client shows as terminated and the seller is told', async () => {
    const client = await world.seller('Partingway Shop');
    const binding = await world.bind(client, partner);
    expect((await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token)).status).toBe(200);

    const { page, context } = await person(browser);
    await signIn(page, stack.baseUrl, partner.user.token);
    const clients = page.getByRole('region', { name: 'Clients' });
    const row = clients.locator(`li[data-binding-id="${binding.id}"]`);
    await seeText(row, 'Active');
    await seeText(row.getByRole('list', { name: `Access granted by ${client.name}` }), 'Read orders');

    // Escape keeps the client.
    await row.getByRole('button', { name: `End cooperation with ${client.name}` }).click();
    let dialog = page.getByRole('dialog', { name: `End cooperation with ${client.name}?` });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await stack.client.get(`/v1/partner/requests/${binding.id}`, partner.user.token)).body.status).toBe('active');

    await row.getByRole('button', { name: `End cooperation with ${client.name}` }).click();
    dialog = page.getByRole('dialog', { name: `End cooperation with ${client.name}?` });
    const reason = dialog.getByLabel('Reason (optional, the seller sees it)');
    await reason.fill('x'.repeat(600));
    expect((await reason.inputValue()).length).toBe(500); // the field holds at most 500 characters, as the API allows
    await reason.fill('We are closing our marketplace practice.');
    await screenshot(dialog, 'partner-end-cooperation');
    await dialog.getByRole('button', { name: 'End cooperation' }).click();

    await seeText(row, 'Ended by the partner');
    await seeText(row, 'You ended the cooperation');
    await seeText(row, '“We are closing our marketplace practice.”');
    expect(await row.getByRole('button', { name: `End cooperation with ${client.name}` }).count()).toBe(0);
    const ended = (await stack.client.get(`/v1/accounts/${client.accountId}/bindings/${binding.id}`, client.viewer.token)).body;
    expect(ended).toMatchObject({ status: 'terminated', terminationReason: 'We are closing our marketplace practice.' });
    const helpful = (await stack.client.get(`/v1/accounts/${client.accountId}/helpful-contacts`, client.viewer.token)).body;
    expect(helpful.items).toEqual([]);
    const notices = (await stack.client.get(`/v1/accounts/${client.accountId}/notifications`, client.viewer.token)).body.items;
    expect(notices.map((n: { type: string }) => n.type)).toContain('binding.terminated');
    await context.close();
  });
});
