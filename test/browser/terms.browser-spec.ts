import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { TestStack, World, type Partner, type Seller } from '@app/testing';
import { launchChromium, person, seeText } from './browser.js';

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** Fixed terms in the seller cabinet: an end date at "Turn On", the end in Helpful Contacts, "Extend". */
describe('cabinet: fixed terms in the browser', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let seller: Seller;
  let partner: Partner;

  beforeAll(async () => {
    stack = await TestStack.start();
    world = new World(stack.client);
    seller = await world.seller('Termly Goods');
    partner = await world.partner({ name: 'Quillfeather Integrations' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('an admin turns a partner on until a date, sees the end in Helpful Contacts, and extends it through the dialog', async () => {
    const { page, context } = await person(browser);
    await page.goto(`${stack.baseUrl}/app`);
    await page.getByLabel('Access token').fill(seller.admin.token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByLabel('Search certified partners by name').pressSequentially('quillfeather', { delay: 40 });
    const card = page.getByRole('list', { name: 'Partners found' }).locator('li.partner-card', { hasText: partner.name });
    const until = dateIn(30);
    await card.getByLabel(`End date for ${partner.name} (optional)`).fill(until);
    await card.getByRole('button', { name: `Turn On ${partner.name}` }).click();
    await seeText(card, 'Pending');
    const [binding] = (await stack.client.get(`/v1/accounts/${seller.accountId}/bindings`, seller.viewer.token)).body.items;
    expect(binding.endsAt).toBe(`${until}T00:00:00.000Z`);

    expect((await stack.client.post(`/v1/partner/requests/${binding.id}/confirm`, partner.user.token)).status).toBe(200);
    const helpful = page.getByRole('region', { name: 'Helpful Contacts' });
    await seeText(helpful, partner.name);
    await seeText(helpful, 'Until');

    const later = dateIn(90);
    await helpful.getByRole('button', { name: `Extend ${partner.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Extend ${partner.name}?` });
    await dialog.getByRole('textbox').fill(later);
    await dialog.getByRole('button', { name: 'Extend' }).click();
    await seeText(page.locator('body'), `now supports this account until ${later}`);
    const extended = (await stack.client.get(`/v1/accounts/${seller.accountId}/bindings/${binding.id}`, seller.viewer.token)).body;
    expect(extended).toMatchObject({ status: 'active', endsAt: `${later}T00:00:00.000Z` });
    expect(extended.events.map((e: { type: string }) => e.type)).toEqual(['binding.requested', 'binding.confirmed', 'binding.extended']);
    await seeText(page.getByRole('list', { name: 'Notifications' }), `The term with ${partner.name} was extended.`);
    await context.close();
  });
});
