import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@app/config';
import { JobName, QueueName } from '@app/queue';
import { NOTICE_TYPES, type BindingNotice, type NoticeType } from './notice.js';
import { NOTICE_CHANNELS, NOTICE_EVENT, NOTICE_ROUTES, enabledChannels, noticeEvent, noticeJobs, type NoticeChannel } from './notice-routes.js';

const notice = (type: NoticeType, eventId = '01890000-0000-7000-8000-000000000001'): BindingNotice => ({
  eventId,
  type,
  occurredAt: '2026-01-01T00:00:00.000Z',
  binding: {
    id: 'b',
    accountId: 'a',
    partnerId: 'p',
    status: 'pending',
    requestedBy: 'u',
    requestedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-08T00:00:00.000Z',
    respondedBy: null,
    respondedAt: null,
    cancelledBy: null,
    cancelledAt: null,
    declineReason: null,
    terminatedAt: null,
    terminationReason: null,
    scopes: ['orders.read'],
    endsAt: null,
    endedAt: null,
    version: 1,
  },
  account: { id: 'a', name: 'Seller' },
});

const withSmtp = enabledChannels({ smtpUrl: 'smtp://mail.internal:25' } as AppConfig);
const withoutSmtp = enabledChannels({ smtpUrl: undefined } as AppConfig);
const channelsOf = (type: NoticeType, enabled: ReadonlySet<NoticeChannel>) =>
  noticeJobs(notice(type), enabled)
    .map((job) => job.channel)
    .sort();

describe('notice routing', () => {
  it('routes every notice type (the table is complete and names known channels only)', () => {
    expect(Object.keys(NOTICE_ROUTES).sort()).toEqual([...NOTICE_TYPES].sort());
    for (const channels of Object.values(NOTICE_ROUTES)) {
      expect(channels.length).toBeGreaterThan(0);
      for (const channel of channels) expect(Object.keys(NOTICE_CHANNELS)).toContain(channel);
      expect(new Set(channels).size).toBe(channels.length);
    }
  });

  it('tells the seller of every transition and the partner of a request, an expiry and a cancellation (docs/API.md#notices)', () => {
    expect(channelsOf('binding.requested', withSmtp)).toEqual(['partner-email', 'partner-webhook', 'seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.confirmed', withSmtp)).toEqual(['seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.declined', withSmtp)).toEqual(['seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.expired', withSmtp)).toEqual(['partner-webhook', 'seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.cancelled', withSmtp)).toEqual(['partner-webhook', 'seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.scopes_narrowed', withSmtp)).toEqual(['partner-webhook', 'seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.terminated', withSmtp)).toEqual(['seller-email', 'seller-notice', 'seller-webhook']);
  });

  it('tells both sides of a fixed term ending or extended and of an ending term; the partner alone of a request about to expire', () => {
    expect(channelsOf('binding.ended', withSmtp)).toEqual(['partner-webhook', 'seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.extended', withSmtp)).toEqual(['partner-webhook', 'seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.ending_soon', withSmtp)).toEqual(['partner-email', 'partner-webhook', 'seller-email', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.request_expiring', withSmtp)).toEqual(['partner-email', 'partner-webhook']);
    expect(channelsOf('binding.request_expiring', withoutSmtp)).toEqual(['partner-webhook']);
  });

  it('leaves the e-mail channels out when no SMTP server is configured', () => {
    expect([...withoutSmtp].sort()).toEqual(['partner-webhook', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.requested', withoutSmtp)).toEqual(['partner-webhook', 'seller-notice', 'seller-webhook']);
    expect(channelsOf('binding.confirmed', withoutSmtp)).toEqual(['seller-notice', 'seller-webhook']);
  });

  it('expands an event into jobs on the channel queues, with deterministic ids and the event as payload', () => {
    const event = notice('binding.requested');
    const jobs = noticeJobs(event, withSmtp);
    expect(jobs.map(({ jobId, queueName, jobName }) => ({ jobId, queueName, jobName })).sort((a, b) => a.jobId.localeCompare(b.jobId))).toEqual([
      { jobId: `${event.eventId}.partner-email`, queueName: QueueName.Email, jobName: JobName.EmailPartnerNotice },
      { jobId: `${event.eventId}.partner-webhook`, queueName: QueueName.PartnerWebhooks, jobName: JobName.DeliverWebhook },
      { jobId: `${event.eventId}.seller-email`, queueName: QueueName.Email, jobName: JobName.EmailSellerNotice },
      { jobId: `${event.eventId}.seller-notice`, queueName: QueueName.SellerNotices, jobName: JobName.RecordSellerNotice },
      { jobId: `${event.eventId}.seller-webhook`, queueName: QueueName.PartnerWebhooks, jobName: JobName.DeliverSellerWebhook },
    ]);
    for (const job of jobs) expect(job.payload).toBe(event);
    // The same event expands to the same ids again (a republished row is a no-op in BullMQ).
    expect(noticeJobs(event, withSmtp).map((job) => job.jobId)).toEqual(jobs.map((job) => job.jobId));
  });

  it('refuses an event type this version has no route for, instead of dropping it', () => {
    expect(() => noticeJobs({ ...notice('binding.requested'), type: 'binding.from_the_future' as NoticeType }, withSmtp)).toThrow(/No notice route/);
    expect(() => noticeJobs({ ...notice('binding.requested'), type: 'toString' as NoticeType }, withSmtp)).toThrow(/No notice route/);
  });

  it('writes one outbox message per event, under names that are stored in rows and never change', () => {
    const event = notice('binding.cancelled');
    expect(noticeEvent(event)).toEqual({ queueName: 'notices', jobName: 'notice.event', payload: event });
    expect(NOTICE_EVENT).toEqual({ queueName: 'notices', jobName: 'notice.event' });
  });
});
