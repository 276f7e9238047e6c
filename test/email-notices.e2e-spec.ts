import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '@app/queue';
import { SmtpCatcher, TestStack, WebhookReceiver, World, sleep, waitFor, type CaughtEmail, type Partner, type Seller, type SellerUser } from '@app/testing';

const PUBLIC_BASE_URL = 'https://sellers.example.test';

/**
 * Notice e-mails (docs/API.md#email) against a local SMTP server: every seller notice to the
 * account's administrators, binding.requested to the partner's contact address, each once.
 */
describe('notice e-mails (SMTP_URL set)', () => {
  let smtp: SmtpCatcher;
  let receiver: WebhookReceiver;
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    receiver = await WebhookReceiver.start();
    stack = await TestStack.start({ env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL, MAIL_FROM: 'Marketplace <partners@marketplace.test>' } });
    world = new World(stack.client);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
    await smtp?.stop();
  });

  /** A seller with two administrators, a manager and a viewer. */
  async function seller(): Promise<Seller & { secondAdmin: SellerUser }> {
    const base = await world.seller();
    return { ...base, secondAdmin: await world.sellerUser(base.accountId, 'admin') };
  }

  async function partnerWithContact(): Promise<Partner & { contactEmail: string }> {
    const partner = await world.partner({ webhookUrl: receiver.url(`/p-${Date.now()}`) });
    const { body } = await stack.client.get(`/v1/partners/${partner.id}`, (await world.seller()).viewer.token);
    return { ...partner, contactEmail: body.contacts.email };
  }

  async function eventId(s: Seller, bindingId: string, type: string): Promise<string> {
    let id: string | undefined;
    await waitFor(async () => {
      const { body } = await stack.client.get(`/v1/accounts/${s.accountId}/bindings/${bindingId}`, s.viewer.token);
      id = (body.events as Array<{ id: string; type: string }>).find((e) => e.type === type)?.id;
      return id !== undefined;
    });
    return id!;
  }

  /** The e-mails to `address` about one event (X-Event-Id), waiting until `count` have arrived. */
  async function mailsAbout(address: string, event: string, count = 1): Promise<CaughtEmail[]> {
    const matching = () => smtp.to(address).filter((m) => m.headers['x-event-id'] === event);
    await waitFor(() => matching().length >= count, { what: `${count} e-mail(s) about ${event} to ${address}`, timeoutMs: 15_000 });
    return matching();
  }

  const emailJobs = async () => (await stack.api.get<Queue>(getQueueToken(QueueName.Email), { strict: false }).getJobs(['completed'])).filter(Boolean) as Job[];

  it('e-mails every seller notice to each administrator (not managers or viewers) and binding.requested to the partner', async () => {
    const s = await seller();
    const admins = [s.admin.email, s.secondAdmin.email];
    const first = await partnerWithContact();

    // binding.requested: both administrators and the partner's contact address.
    const requested = await world.bind(s, first);
    const requestedEvent = await eventId(s, requested.id, 'binding.requested');
    for (const admin of admins) {
      const [mail] = await mailsAbout(admin, requestedEvent);
      expect(mail!.subject).toBe(`Binding request sent to ${first.name}`);
      expect(mail!.from).toBe('partners@marketplace.test');
      expect(mail!.headers['x-event-type']).toBe('binding.requested');
      expect(mail!.text).toContain(`asked ${first.name} to become a helpful contact of ${s.name}`);
      expect(mail!.text).toContain(`${PUBLIC_BASE_URL}/accounts/${s.accountId}/bindings/${requested.id}`);
      expect(mail!.html).toContain(`href="${PUBLIC_BASE_URL}/accounts/${s.accountId}/bindings/${requested.id}"`);
      expect(mail!.html).toContain('You get this e-mail because you are an administrator of');
    }
    const [toPartner] = await mailsAbout(first.contactEmail, requestedEvent);
    expect(toPartner!.subject).toBe(`${s.name} asks to bind ${first.name} to its seller account`);
    expect(toPartner!.text).toContain('Please confirm or decline by');
    expect(toPartner!.text).toContain(`${PUBLIC_BASE_URL}/partner/requests/${requested.id}`);
    expect(toPartner!.html).toContain(`href="${PUBLIC_BASE_URL}/partner/requests/${requested.id}"`);

    // binding.confirmed, then binding.cancelled.
    expect((await stack.client.post(`/v1/partner/requests/${requested.id}/confirm`, first.user.token)).status).toBe(200);
    const confirmedEvent = await eventId(s, requested.id, 'binding.confirmed');
    for (const admin of admins)
      expect((await mailsAbout(admin, confirmedEvent))[0]!.subject).toBe(`${first.name} confirmed: now a helpful contact of ${s.name}`);

    expect((await stack.client.post(`/v1/accounts/${s.accountId}/bindings/${requested.id}/cancel`, s.secondAdmin.token)).status).toBe(200);
    const cancelledEvent = await eventId(s, requested.id, 'binding.cancelled');
    for (const admin of admins) {
      const [mail] = await mailsAbout(admin, cancelledEvent);
      expect(mail!.subject).toBe(`Binding with ${first.name} cancelled`);
      expect(mail!.text).toMatch(/^admin .+ cancelled the binding between/m);
    }

    // binding.declined, with the partner's reason (HTML-escaped in the HTML part).
    const second = await partnerWithContact();
    const declinedRequest = await world.bind(s, second);
    const reason = 'Fully booked until <June> & later';
    expect((await stack.client.post(`/v1/partner/requests/${declinedRequest.id}/decline`, second.user.token, { reason })).status).toBe(200);
    const declinedEvent = await eventId(s, declinedRequest.id, 'binding.declined');
    for (const admin of admins) {
      const [mail] = await mailsAbout(admin, declinedEvent);
      expect(mail!.subject).toBe(`${second.name} declined the binding request`);
      expect(mail!.text).toContain(`Their reason: "${reason}"`);
      expect(mail!.html).toContain('Fully booked until &lt;June&gt; &amp; later');
    }

    // binding.expired: a request past its time expires when the partner answers too late.
    const third = await partnerWithContact();
    const late = await world.bind(s, third);
    await stack.api.get(DataSource).query('UPDATE bindings SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000), late.id]);
    expect((await stack.client.post(`/v1/partner/requests/${late.id}/confirm`, third.user.token)).status).toBe(409);
    const expiredEvent = await eventId(s, late.id, 'binding.expired');
    for (const admin of admins) expect((await mailsAbout(admin, expiredEvent))[0]!.subject).toBe(`Binding request to ${third.name} expired`);

    await stack.settled();
    // Managers and viewers get none; the partner's contact hears only of its requests.
    expect(smtp.to(s.manager.email)).toEqual([]);
    expect(smtp.to(s.viewer.email)).toEqual([]);
    for (const p of [first, second, third]) expect(smtp.to(p.contactEmail).map((m) => m.headers['x-event-type'])).toEqual(['binding.requested']);
    // Seven seller notices (requested ×3, confirmed, cancelled, declined, expired), each once per administrator.
    for (const admin of admins) expect(smtp.to(admin)).toHaveLength(7);
  });

  it('does not send again when an e-mail job runs a second time', async () => {
    const s = await seller();
    const partner = await partnerWithContact();
    const binding = await world.bind(s, partner);
    const event = await eventId(s, binding.id, 'binding.requested');
    await mailsAbout(s.admin.email, event);
    await mailsAbout(s.secondAdmin.email, event);
    await mailsAbout(partner.contactEmail, event);
    await stack.settled();

    const queue = stack.api.get<Queue>(getQueueToken(QueueName.Email), { strict: false });
    const original = (await emailJobs()).filter((job) => job.data.eventId === event);
    expect(original.map((job) => job.name).sort()).toEqual(['email.partner-notice', 'email.seller-notice']);
    for (const job of original) {
      const rerun = await queue.add(job.name, job.data, { jobId: `rerun-${job.id}` });
      await waitFor(async () => (await rerun.getState()) === 'completed', { what: 'the re-run e-mail job' });
      const done = await queue.getJob(rerun.id!);
      expect(done!.returnvalue).toMatchObject({ kind: 'done', sent: 0, alreadySent: job.name === 'email.seller-notice' ? 2 : 1 });
    }
    await sleep(300);
    for (const address of [s.admin.email, s.secondAdmin.email, partner.contactEmail])
      expect(smtp.to(address).filter((m) => m.headers['x-event-id'] === event)).toHaveLength(1);
    const rows = await stack.api.get(DataSource).query('SELECT recipient, status, attempts FROM sent_emails WHERE event_id = ? ORDER BY recipient', [event]);
    expect(rows).toEqual([s.admin.email, s.secondAdmin.email, partner.contactEmail].sort().map((recipient) => ({ recipient, status: 'sent', attempts: 1 })));
  });

  it('retries while the mail server turns connections away, then sends each e-mail once', async () => {
    const s = await seller();
    const partner = await partnerWithContact();
    smtp.failConnections(3);
    const binding = await world.bind(s, partner);
    const event = await eventId(s, binding.id, 'binding.requested');
    for (const address of [s.admin.email, s.secondAdmin.email, partner.contactEmail]) await mailsAbout(address, event);
    expect(smtp.rejectedConnections).toBeGreaterThanOrEqual(3);
    await stack.settled();
    await sleep(300);
    for (const address of [s.admin.email, s.secondAdmin.email, partner.contactEmail])
      expect(smtp.to(address).filter((m) => m.headers['x-event-id'] === event)).toHaveLength(1);
    const rows: Array<{ status: string; attempts: number; lastError: string | null }> = await stack.api
      .get(DataSource)
      .query('SELECT status, attempts, last_error AS lastError FROM sent_emails WHERE event_id = ?', [event]);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    expect(rows.some((row) => row.attempts > 1)).toBe(true);
  });

  it('an address the server refuses for good is not retried and does not hold back the others', async () => {
    const s = await seller();
    smtp.refuse(s.secondAdmin.email);
    const partner = await partnerWithContact();
    const binding = await world.bind(s, partner);
    const event = await eventId(s, binding.id, 'binding.requested');
    await mailsAbout(s.admin.email, event);
    await stack.settled();
    const job = (await emailJobs()).find((j) => j.data.eventId === event && j.name === 'email.seller-notice');
    expect(job!.returnvalue).toMatchObject({ kind: 'done', sent: 1, refused: 1 });
    const [row] = await stack.api
      .get(DataSource)
      .query('SELECT status, attempts, last_error AS lastError FROM sent_emails WHERE event_id = ? AND recipient = ?', [event, s.secondAdmin.email]);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastError).toContain('550');
  });

  it('e-mails a partner decertification to the administrators of each seller bound to it, not to the partner', async () => {
    const s = await seller();
    const partner = await partnerWithContact();
    const binding = await world.bind(s, partner);
    await eventId(s, binding.id, 'binding.requested');
    expect((await stack.client.operator('PATCH', `/v1/operator/partners/${partner.id}`, { certified: false })).status).toBe(200);
    let event: string | undefined;
    await waitFor(
      async () => {
        const { body } = await stack.client.get(`/v1/accounts/${s.accountId}/notifications?limit=100`, s.viewer.token);
        event = (body.items as Array<{ id: string; type: string }>).find((n) => n.type === 'partner.decertified')?.id;
        return event !== undefined;
      },
      { what: 'the partner.decertified notice' },
    );
    for (const admin of [s.admin.email, s.secondAdmin.email]) {
      const [mail] = await mailsAbout(admin, event!);
      expect(mail!.subject).toBe(`${partner.name} is no longer a certified partner`);
      expect(mail!.headers['x-event-type']).toBe('partner.decertified');
    }
    await stack.settled();
    expect(smtp.to(partner.contactEmail).map((m) => m.headers['x-event-type'])).toEqual(['binding.requested']);
    expect(smtp.to(s.manager.email)).toEqual([]);
  });

  it('resolves administrators when sending: a demoted administrator stops getting e-mails', async () => {
    const s = await seller();
    const partner = await partnerWithContact();
    expect((await stack.client.operator('PATCH', `/v1/operator/accounts/${s.accountId}/users/${s.secondAdmin.id}`, { role: 'manager' })).status).toBe(200);
    const binding = await world.bind(s, partner);
    const event = await eventId(s, binding.id, 'binding.requested');
    await mailsAbout(s.admin.email, event);
    await stack.settled();
    expect(smtp.to(s.secondAdmin.email)).toEqual([]);
  });
});
