import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { TestStack, WebhookReceiver, World, verifyWebhookSignature, waitFor } from '@app/testing';
import { launchChromium, person, screenshot, seeText } from './browser.js';

/**
 * The seller cabinet and partner inbox (/app) in headless Chromium, against the real API and
 * worker in this process: what people see and do, not what the API returns.
 */
describe('cabinet in the browser', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let world: World;
  let browser: Browser;
  let app: string;

  const ACCOUNT = 'Acme Electronics';
  let accountId: string;
  const users: Record<'admin' | 'manager' | 'viewer', { id: string; name: string }> = {} as never;
  const partners: Record<string, { id: string; name: string; staffId: string }> = {};

  async function operator(method: string, path: string, body: unknown) {
    const response = await stack.client.operator(method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async function partner(key: string, name: string, description: string, services: string[]) {
    const created = await operator('POST', '/v1/operator/partners', {
      name,
      description,
      certified: true,
      contacts: { email: `hello@${key}.example`, phone: '+7 495 123-45-67', website: `https://${key}.example` },
      services,
      webhookUrl: receiver.url(`/${key}`),
    });
    const staff = await operator('POST', `/v1/operator/partners/${created.id}/users`, { email: `staff@${key}.example`, name: `${name} staff` });
    partners[key] = { id: created.id, name, staffId: staff.id };
  }

  beforeAll(async () => {
    stack = await TestStack.start();
    receiver = await WebhookReceiver.start();
    world = new World(stack.client);
    app = `${stack.baseUrl}/app`;

    accountId = (await operator('POST', '/v1/operator/accounts', { name: ACCOUNT })).id;
    for (const [role, name] of [
      ['admin', 'Anna Admin'],
      ['manager', 'Max Manager'],
      ['viewer', 'Vera Viewer'],
    ] as const) {
      const user = await operator('POST', `/v1/operator/accounts/${accountId}/users`, { email: `${role}@acme.example`, name, role });
      users[role] = { id: user.id, name };
    }
    await partner('integrator', 'Integrator Pro', 'Marketplace integrations: product feeds, orders and stock sync over the seller API.', [
      'API integration',
      'Stock sync',
      'Support 24/7',
    ]);
    await partner('integral', 'Integral Analytics', 'Sales analytics and advertising reports for marketplace sellers.', ['Analytics', 'Advertising']);
    await partner('northwind', 'Northwind Agency', 'Store design, product cards and photo content.', ['Content', 'Design']);
    // Enough look-alikes for the catalogue to need a second page (the page asks for 10 at a time).
    for (let i = 1; i <= 11; i += 1) {
      await operator('POST', '/v1/operator/partners', {
        name: `Bulk Vendor ${String(i).padStart(2, '0')}`,
        certified: true,
        contacts: { email: `bulk${i}@vendor.example` },
      });
    }

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await receiver?.stop();
  });

  /** Signs in by pasting an access token, as a person who was given one would. */
  async function signInWithToken(page: Page, userId: string): Promise<void> {
    const token = await world.token(userId);
    await page.goto(app);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(page.url()).not.toContain(token);
  }

  it('an admin finds a partner and turns it on; the partner confirms in its inbox; Helpful Contacts update without reload; the admin cancels through the dialog', async () => {
    const { page: admin, context: adminContext } = await person(browser);
    let loads = 0;
    admin.on('load', () => (loads += 1));

    // Sign-in: the development picker lists provisioned users (operator token) and mints a token.
    await admin.goto(app);
    await admin.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    await admin.getByLabel('Operator token').fill(stack.config.operatorToken);
    await admin.getByRole('button', { name: 'Show users' }).click();
    await seeText(admin.getByRole('list', { name: 'Provisioned users' }), 'Integrator Pro staff');
    await screenshot(admin, 'sign-in', { fullPage: true });
    await admin.getByRole('button', { name: `Sign in as Anna Admin (Administrator at ${ACCOUNT})` }).click();

    // Account Management first: the role and what it allows.
    const account = admin.getByRole('region', { name: 'Account Management' });
    await seeText(account, 'Your role Administrator');
    await seeText(account, 'Turn partners on (“Turn On”) and cancel them');
    expect(await account.locator('li.allowed').count()).toBe(5);
    expect(admin.url()).toBe(app); // no token (or anything else) in the address bar
    const storedToken = await admin.evaluate<string | null>("sessionStorage.getItem('pbs.cabinet.accessToken')");
    expect(storedToken).toMatch(/^ey/);
    await screenshot(account, 'account-management');

    // Useful Contacts: search as you type (debounced), cards with description, services and contacts.
    const useful = admin.getByRole('region', { name: 'Useful Contacts' });
    const results = admin.getByRole('list', { name: 'Partners found' });
    await seeText(useful, '10 partners in the catalogue; more below');
    await admin.getByLabel('Search certified partners by name').pressSequentially('integr', { delay: 40 });
    await seeText(useful, '2 partners match “integr”.');
    const cardNames = await results.locator('li.partner-card h3').allInnerTexts();
    expect(cardNames).toEqual(['Integral Analytics', 'Integrator Pro']);
    const integratorCard = results.locator('li.partner-card', { hasText: 'Integrator Pro' });
    await seeText(integratorCard, 'Marketplace integrations: product feeds');
    await seeText(integratorCard, 'API integration');
    await seeText(integratorCard, 'hello@integrator.example');
    expect(await integratorCard.getByRole('link', { name: 'hello@integrator.example' }).getAttribute('href')).toBe('mailto:hello@integrator.example');

    // "Turn On" → pending, with the expiry shown.
    await integratorCard.getByRole('button', { name: 'Turn On Integrator Pro' }).click();
    await seeText(integratorCard, 'Pending');
    const pendingText = await seeText(integratorCard, 'The request expires');
    expect(pendingText).toMatch(/expires .*20\d\d.*\(in 7 days\)/);
    expect(await integratorCard.getByRole('button', { name: /Turn On/ }).count()).toBe(0);
    await seeText(admin.getByRole('region', { name: 'Pending requests' }), 'Integrator Pro');
    await screenshot(useful, 'useful-contacts');
    await admin.evaluate("window.marker = 'no reload'");

    // The partner, at another computer, confirms in its inbox.
    const { page: partnerPage, context: partnerContext } = await person(browser);
    await signInWithToken(partnerPage, partners.integrator!.staffId);
    const inbox = partnerPage.getByRole('region', { name: 'Inbox' });
    await seeText(inbox, ACCOUNT);
    await seeText(inbox, 'answer by');
    await waitFor(() => receiver.deliveredTo('/integrator').length >= 1, { what: 'the partner to be told of the request' });
    await seeText(partnerPage.getByRole('region', { name: 'Delivery log' }), 'New request');
    await screenshot(partnerPage, 'partner-inbox', { fullPage: true });
    await inbox.getByRole('button', { name: `Confirm the request from ${ACCOUNT}` }).click();
    await seeText(inbox, 'No requests are waiting');
    await seeText(partnerPage.getByRole('region', { name: 'Clients' }), ACCOUNT);

    // The admin's page follows by itself.
    const helpful = admin.getByRole('region', { name: 'Helpful Contacts' });
    await seeText(helpful, 'Integrator Pro');
    await seeText(helpful, 'Supporting you since');
    await seeText(helpful, 'hello@integrator.example');
    await seeText(integratorCard, 'Turned on: this partner is in your Helpful Contacts.');
    await seeText(admin.getByRole('list', { name: 'Notifications' }), 'Integrator Pro confirmed the request and is now in your Helpful Contacts.');
    await seeText(admin.getByRole('region', { name: 'Pending requests' }), 'No requests are waiting');
    expect(await admin.evaluate<string | undefined>('window.marker')).toBe('no reload');
    expect(loads).toBe(1);
    await screenshot(helpful, 'helpful-contacts');
    await screenshot(admin, 'seller-cabinet', { fullPage: true });

    // Cancel asks first and says what cancelling means; Escape keeps the partner.
    await helpful.getByRole('button', { name: 'Cancel Integrator Pro' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Cancel Integrator Pro?' });
    await seeText(dialog, 'you lose their professional support and services');
    await screenshot(admin, 'cancel-dialog');
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await admin.waitForTimeout(2500); // a poll goes by
    await seeText(helpful, 'Integrator Pro');

    await helpful.getByRole('button', { name: 'Cancel Integrator Pro' }).click();
    await dialog.getByRole('button', { name: 'Cancel binding' }).click();
    await seeText(helpful, 'No partner supports this account yet');
    await seeText(integratorCard, 'Turn On');

    // History: the request's audit trail, oldest first.
    const history = admin.getByRole('region', { name: 'History' });
    const row = history.locator('li[data-status="cancelled"]', { hasText: 'Integrator Pro' });
    await seeText(row, 'Cancelled');
    await row.locator('summary').click();
    const trail = await seeText(row.getByRole('list', { name: 'History of the request to Integrator Pro' }), 'Cancelled by a seller administrator');
    expect(trail.indexOf('Requested')).toBeLessThan(trail.indexOf('Confirmed by the partner'));
    expect(trail.indexOf('Confirmed by the partner')).toBeLessThan(trail.indexOf('Cancelled'));
    await seeText(admin.getByRole('list', { name: 'Notifications' }), 'The binding with Integrator Pro was cancelled.');
    await screenshot(admin.getByRole('region', { name: 'Notifications' }), 'notifications');
    await screenshot(history, 'history');

    // The partner is told; its inbox loses the client and the delivery log shows the notice.
    await seeText(partnerPage.getByRole('region', { name: 'Clients' }), 'No clients yet');
    const deliveries = partnerPage.getByRole('region', { name: 'Delivery log' });
    await seeText(deliveries, 'Cancelled by the seller');
    const cancelledDelivery = deliveries.locator('li', { hasText: 'Cancelled by the seller' });
    await seeText(cancelledDelivery, 'Delivered');
    const before = receiver.deliveredTo('/integrator').length;
    await cancelledDelivery.getByRole('button', { name: /^Redeliver/ }).click();
    await seeText(partnerPage.locator('#toast'), 'Queued for redelivery');
    await waitFor(() => receiver.deliveredTo('/integrator').length > before, { what: 'the redelivery' });
    const redelivered = receiver.deliveredTo('/integrator').at(-1)!;
    expect(redelivered.body.type).toBe('binding.cancelled');

    // Webhook settings: the URL is shown; a rotated secret is shown once.
    const webhook = partnerPage.getByRole('region', { name: 'Webhook settings' });
    expect(await webhook.getByLabel('Webhook URL').inputValue()).toBe(receiver.url('/integrator'));
    await webhook.getByRole('button', { name: 'Rotate signing secret' }).click();
    await partnerPage.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    await seeText(webhook, 'shown only this once');
    const secret = await webhook.locator('#new-secret').innerText();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(webhook, 'partner-webhook');
    await webhook.getByRole('button', { name: /I have stored it/ }).click();
    expect(await webhook.locator('#new-secret').count()).toBe(0);

    // An invalid URL is refused with the API's explanation.
    await webhook.getByLabel('Webhook URL').fill('ftp://example.com/hook');
    await webhook.getByRole('button', { name: 'Save URL' }).click();
    await seeText(webhook, 'Not saved:');

    await adminContext.close();
    await partnerContext.close();
  });

  it('a manager sees the catalogue but no "Turn On", and is told why', async () => {
    const { page, context } = await person(browser);
    await signInWithToken(page, users.manager.id);
    const account = page.getByRole('region', { name: 'Account Management' });
    await seeText(account, 'Your role Manager');
    await seeText(account, 'Only an administrator can turn partners on or cancel them. Your role in Acme Electronics is Manager');
    await seeText(account.locator('li.denied', { hasText: 'Turn partners on' }), 'Turn partners on (“Turn On”) and cancel them');

    // Keyboard only: the search field is reachable and results come as you type.
    await page.getByLabel('Search certified partners by name').focus();
    await page.keyboard.type('integr');
    const useful = page.getByRole('region', { name: 'Useful Contacts' });
    await seeText(useful, '2 partners match “integr”.');
    await seeText(useful, 'hello@integrator.example');
    await seeText(useful, 'No “Turn On” for you');
    expect(await useful.getByRole('button', { name: /Turn On/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Cancel/ }).count()).toBe(0);
    await seeText(useful.locator('li.partner-card', { hasText: 'Integrator Pro' }), '“Turn On” is for administrators; your role is Manager.');
    await screenshot(page, 'manager-view', { fullPage: false });
    await context.close();
  });

  it("an admin sets the account's webhook, keeps the secret shown once, pings it and sees the ping logged; a viewer reads but cannot change it", async () => {
    const { page, context } = await person(browser);
    await signInWithToken(page, users.admin.id);
    const webhook = page.getByRole('region', { name: 'Webhook settings' });
    await seeText(webhook, 'nothing is sent until an administrator sets one');
    await webhook.getByLabel('Webhook URL').fill(receiver.url('/acme-backend'));
    await webhook.getByRole('button', { name: 'Save URL' }).click();
    await seeText(webhook, 'shown only this once');
    const secret = await webhook.locator('#new-secret').innerText();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(webhook, 'seller-webhook');
    await webhook.getByRole('button', { name: /I have stored it/ }).click();

    await webhook.getByRole('button', { name: 'Send a test ping' }).click();
    await seeText(page.locator('#toast'), 'Ping queued');
    await waitFor(() => receiver.deliveredTo('/acme-backend').some((hook) => hook.body.type === 'ping'), { what: 'the ping at the seller back end' });
    const ping = receiver.deliveredTo('/acme-backend').find((hook) => hook.body.type === 'ping')!;
    expect(verifyWebhookSignature(secret, ping.rawBody, String(ping.headers['x-signature']))).toBe(true);
    const log = page.getByRole('region', { name: 'Delivery log' });
    await seeText(log.locator('li', { hasText: 'Test ping' }), 'Delivered');
    await screenshot(log, 'seller-deliveries');
    await context.close();

    const viewer = await person(browser);
    await signInWithToken(viewer.page, users.viewer.id);
    const readOnly = viewer.page.getByRole('region', { name: 'Webhook settings' });
    await seeText(readOnly, receiver.url('/acme-backend'));
    await seeText(readOnly, 'Only an administrator can change the webhook');
    expect(await readOnly.getByRole('button').count()).toBe(0);
    const viewerLog = viewer.page.getByRole('region', { name: 'Delivery log' });
    await seeText(viewerLog, 'Test ping');
    expect(await viewerLog.getByRole('button', { name: /^Redeliver/ }).count()).toBe(0);
    await viewer.context.close();
  });

  it('a decline shows its reason to the seller', async () => {
    const { page: admin, context: adminContext } = await person(browser);
    await signInWithToken(admin, users.admin.id);
    await admin.getByLabel('Search certified partners by name').fill('northwind');
    const card = admin.getByRole('list', { name: 'Partners found' }).locator('li.partner-card', { hasText: 'Northwind Agency' });
    await card.getByRole('button', { name: 'Turn On Northwind Agency' }).click();
    await seeText(card, 'Pending');

    const { page: partnerPage, context: partnerContext } = await person(browser);
    await signInWithToken(partnerPage, partners.northwind!.staffId);
    const inbox = partnerPage.getByRole('region', { name: 'Inbox' });
    await inbox.getByRole('button', { name: `Decline the request from ${ACCOUNT}` }).click();
    const dialog = partnerPage.getByRole('dialog', { name: `Decline the request from ${ACCOUNT}?` });
    await dialog.getByLabel('Reason (optional, the seller sees it)').fill('We do not serve your region yet.');
    await screenshot(partnerPage, 'partner-decline-dialog');
    await dialog.getByRole('button', { name: 'Decline request' }).click();
    await seeText(inbox, 'No requests are waiting');

    const history = admin.getByRole('region', { name: 'History' });
    const row = history.locator('li[data-status="declined"]', { hasText: 'Northwind Agency' });
    await seeText(row, 'Declined');
    await seeText(row, 'Reason given by the partner: “We do not serve your region yet.”');
    await seeText(admin.getByRole('list', { name: 'Notifications' }), 'Northwind Agency declined the request: “We do not serve your region yet.”');
    await seeText(card, 'Turn On'); // it may be asked again
    await screenshot(history, 'seller-declined');

    await adminContext.close();
    await partnerContext.close();
  });

  /** Clicks "Download audit (CSV)" in `region` and returns the file's text. */
  async function downloadAudit(page: Page, region: Locator): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Download audit (CSV)' }).click()]);
    expect(file.suggestedFilename()).toBe('audit.csv');
    return readFile((await file.path())!, 'utf8');
  }

  it('both sides download their audit trail as CSV; the partner reads a request’s history; a decertification reaches the seller', async () => {
    const { page: admin, context: adminContext } = await person(browser);
    await signInWithToken(admin, users.admin.id);
    await admin.getByLabel('Search certified partners by name').fill('integral');
    const card = admin.getByRole('list', { name: 'Partners found' }).locator('li.partner-card', { hasText: 'Integral Analytics' });
    await card.getByRole('button', { name: 'Turn On Integral Analytics' }).click();
    await seeText(card, 'Pending');

    const { page: partnerPage, context: partnerContext } = await person(browser);
    await signInWithToken(partnerPage, partners.integral!.staffId);
    await partnerPage
      .getByRole('region', { name: 'Inbox' })
      .getByRole('button', { name: `Confirm the request from ${ACCOUNT}` })
      .click();
    const clients = partnerPage.getByRole('region', { name: 'Clients' });
    const client = clients.locator('li', { hasText: ACCOUNT });
    await client.getByText(`History of the request from ${ACCOUNT}`).click();
    const timeline = client.getByRole('list', { name: `History of the request from ${ACCOUNT}` });
    await seeText(timeline, 'Requested by the seller');
    await seeText(timeline, 'Confirmed by you');
    await screenshot(clients, 'partner-request-history');

    const partnerCsv = await downloadAudit(partnerPage, clients);
    expect(partnerCsv.split('\r\n')[0]).toBe('id,bindingId,accountId,partnerId,type,actorKind,actorId,fromStatus,toStatus,at,data');
    expect(partnerCsv).toContain(`,${accountId},${partners.integral!.id},binding.confirmed,partner,`);
    const sellerCsv = await downloadAudit(admin, admin.getByRole('region', { name: 'History' }));
    expect(sellerCsv).toContain(`,${accountId},${partners.integral!.id},binding.requested,seller,${users.admin.id},`);
    expect(sellerCsv).toContain(',binding.confirmed,partner,');

    await operator('PATCH', `/v1/operator/partners/${partners.integral!.id}`, { certified: false });
    const notices = admin.getByRole('list', { name: 'Notifications' });
    await seeText(notices, 'Integral Analytics is no longer certified by the marketplace. Your binding stays; an administrator may review it.');
    await screenshot(notices, 'seller-partner-decertified');

    await adminContext.close();
    await partnerContext.close();
  });

  it('a refused token shows the API’s explanation; on a phone the cabinet fits the screen', async () => {
    const { page, context } = await person(browser, { width: 390, height: 844 });
    await page.goto(`${app}/`); // as people type it
    expect(page.url()).toBe(app);
    await page.getByLabel('Access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await seeText(page.getByRole('alert'), 'That token was not accepted: The access token is missing, malformed, expired or not ours.');

    await signInWithToken(page, users.viewer.id);
    await seeText(page.getByRole('region', { name: 'Account Management' }), 'Your role Viewer');
    await seeText(page.getByRole('region', { name: 'Useful Contacts' }), 'partners in the catalogue');
    await seeText(page.getByRole('region', { name: 'History' }), 'Northwind Agency');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone');

    // Paginated catalogue: the next page comes from nextCursor.
    await page.getByLabel('Search certified partners by name').fill('bulk');
    const useful = page.getByRole('region', { name: 'Useful Contacts' });
    await seeText(useful, '10 partners match “bulk”; more below.');
    await useful.getByRole('button', { name: 'Show more partners' }).click();
    await seeText(useful, '11 partners match “bulk”.');
    expect(await useful.getByRole('button', { name: 'Show more partners' }).isVisible()).toBe(false);

    // Signing out forgets the token.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    await context.close();
  });
});
