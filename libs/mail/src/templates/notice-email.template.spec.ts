import { describe, expect, it } from '@jest/globals';
import type { NoticeType } from '@app/notifications';
import { formatTime, noticeLink, renderNoticeEmail, type NoticeEmailContext } from './notice-email.template.js';

const context = (overrides: Partial<NoticeEmailContext> = {}): NoticeEmailContext => ({
  audience: 'seller',
  type: 'binding.requested',
  recipientName: 'Anna',
  accountName: 'Acme',
  partnerName: 'Integrator Pro',
  actorName: 'Boris',
  declineReason: null,
  terminationReason: null,
  scopes: ['products.read', 'orders.read'],
  expiresAt: '2026-05-08T09:30:00.000Z',
  endsAt: null,
  occurredAt: '2026-05-01T09:30:00.000Z',
  link: 'https://sellers.example/accounts/a/bindings/b',
  ...overrides,
});

describe('notice e-mail templates', () => {
  it.each<[NoticeType, string]>([
    ['binding.requested', 'Binding request sent to Integrator Pro'],
    ['binding.confirmed', 'Integrator Pro confirmed: now a helpful contact of Acme'],
    ['binding.declined', 'Integrator Pro declined the binding request'],
    ['binding.expired', 'Binding request to Integrator Pro expired'],
    ['binding.cancelled', 'Binding with Integrator Pro cancelled'],
    ['binding.scopes_narrowed', 'Access of Integrator Pro narrowed'],
    ['binding.terminated', 'Integrator Pro ended the binding with Acme'],
    ['binding.ended', 'Binding between Acme and Integrator Pro ended'],
    ['binding.extended', 'Binding between Acme and Integrator Pro extended'],
  ])("gives the seller's %s a subject that says what happened", (type, subject) => {
    const email = renderNoticeEmail(context({ type }));
    expect(email.subject).toBe(subject);
    expect(email.text).toMatch(/^Hello Anna,\n/);
    expect(email.text).toContain('https://sellers.example/accounts/a/bindings/b');
    expect(email.html).toContain('href="https://sellers.example/accounts/a/bindings/b"');
    expect(email.text).toContain('because you are an administrator of Acme');
  });

  it("gives the partner's reason for ending a binding, or says there was none", () => {
    const email = renderNoticeEmail(context({ type: 'binding.terminated', actorName: null, terminationReason: 'We closed our <Moscow> office' }));
    expect(email.text).toContain('Their reason: "We closed our <Moscow> office"');
    expect(email.html).toContain('We closed our &lt;Moscow&gt; office');
    expect(renderNoticeEmail(context({ type: 'binding.terminated', actorName: null })).text).toContain('They gave no reason.');
  });

  it('names the scopes a narrowed binding still grants', () => {
    const email = renderNoticeEmail(context({ type: 'binding.scopes_narrowed', actorName: null }));
    expect(email.text).toContain('An administrator narrowed what Integrator Pro may do on Acme.');
    expect(email.text).toContain('the binding grants: products.read, orders.read.');
  });

  it('says who did it, and when the request runs out', () => {
    const email = renderNoticeEmail(context());
    expect(email.text).toContain('Boris asked Integrator Pro to become a helpful contact of Acme.');
    expect(email.text).toContain('until 2026-05-08 09:30 UTC');
    expect(renderNoticeEmail(context({ actorName: null })).text).toContain('An administrator asked Integrator Pro');
  });

  it('asks the partner to answer a new request', () => {
    const email = renderNoticeEmail(context({ audience: 'partner', recipientName: null, link: 'https://x.example/partner/requests/b' }));
    expect(email.subject).toBe('Acme asks to bind Integrator Pro to its seller account');
    expect(email.text).toMatch(/^Hello,\n/);
    expect(email.text).toContain('Boris of Acme asked to bind Integrator Pro');
    expect(email.text).toContain('Answer the request: https://x.example/partner/requests/b');
    expect(() => renderNoticeEmail(context({ audience: 'partner', type: 'binding.confirmed' }))).toThrow(/No partner e-mail/);
  });

  it('escapes names and reasons in the HTML part, never in the text part', () => {
    const email = renderNoticeEmail(context({ type: 'binding.declined', partnerName: 'Tom & <Jerry>', declineReason: '"Busy" <b>now</b>' }));
    expect(email.html).toContain('Tom &amp; &lt;Jerry&gt;');
    expect(email.html).toContain('&quot;Busy&quot; &lt;b&gt;now&lt;/b&gt;');
    expect(email.html).not.toContain('<b>now</b>');
    expect(email.text).toContain('Their reason: ""Busy" <b>now</b>"');
  });

  it('builds links under PUBLIC_BASE_URL', () => {
    expect(noticeLink('https://m.example/pbs', 'seller', { id: 'b1', accountId: 'a1' })).toBe('https://m.example/pbs/accounts/a1/bindings/b1');
    expect(noticeLink('https://m.example', 'partner', { id: 'b1', accountId: 'a1' })).toBe('https://m.example/partner/requests/b1');
    expect(formatTime('2026-01-02T03:04:05.000Z')).toBe('2026-01-02 03:04 UTC');
  });

  it('reminders name the moment: the end of the term to both sides, the expiry of a request to the partner', () => {
    const endsAt = '2027-01-31T00:00:00.000Z';
    const seller = renderNoticeEmail(context({ type: 'binding.ending_soon', endsAt }));
    expect(seller.subject).toBe('Binding between Acme and Integrator Pro ends at 2027-01-31 00:00 UTC');
    expect(seller.text).toContain('can extend it before then');
    const partner = renderNoticeEmail(context({ type: 'binding.ending_soon', endsAt, audience: 'partner' }));
    expect(partner.text).toContain("Integrator Pro's contact address");
    const expiring = renderNoticeEmail(context({ type: 'binding.request_expiring', audience: 'partner' }));
    expect(expiring.subject).toBe('The request from Acme expires at 2026-05-08 09:30 UTC');
    expect(renderNoticeEmail(context({ type: 'binding.extended', endsAt: null })).text).toContain('now open-ended');
    expect(() => renderNoticeEmail(context({ type: 'binding.confirmed', audience: 'partner' }))).toThrow('No partner e-mail');
  });
});
