import type { AppConfig } from '@app/config';
import type { OutboxMessage } from '@app/database';
import { JobName, QUEUE_OF, type QueueName } from '@app/queue';
import type { BindingNotice, NoticeType } from './notice.js';

// The notice jobs' payloads, declared here beside the notice they carry (libs/queue knows names only).
declare module '@app/queue' {
  interface JobPayloads {
    [JobName.DeliverWebhook]: BindingNotice;
    [JobName.DeliverSellerWebhook]: BindingNotice;
    [JobName.RecordSellerNotice]: BindingNotice;
    [JobName.EmailSellerNotice]: BindingNotice;
    [JobName.EmailPartnerNotice]: BindingNotice;
  }
}

/**
 * The channels a notice can travel by: each is one job per event, and `enabled` says whether the
 * deployment has it switched on (decided when the event is published, from the worker's configuration).
 */
export const NOTICE_CHANNELS = {
  /** The partner's signed webhook (a partner without a URL gets a failed delivery it can redeliver). */
  'partner-webhook': { job: JobName.DeliverWebhook },
  /** The seller account's own signed webhook (an account without one is skipped, nothing logged). */
  'seller-webhook': { job: JobName.DeliverSellerWebhook },
  /** The seller account's in-app notice. */
  'seller-notice': { job: JobName.RecordSellerNotice },
  /** E-mail to the seller account's administrators. */
  'seller-email': { job: JobName.EmailSellerNotice, enabled: (config: AppConfig) => Boolean(config.smtpUrl) },
  /** E-mail to the partner's contact address. */
  'partner-email': { job: JobName.EmailPartnerNotice, enabled: (config: AppConfig) => Boolean(config.smtpUrl) },
} as const satisfies Record<string, { job: JobName; enabled?: (config: AppConfig) => boolean }>;
export type NoticeChannel = keyof typeof NOTICE_CHANNELS;

/** Who hears what (docs/API.md#notices): the seller hears of every transition, the partner of those it must act on or lost. */
export const NOTICE_ROUTES: { readonly [T in NoticeType]: readonly NoticeChannel[] } = {
  'binding.requested': ['seller-notice', 'seller-email', 'seller-webhook', 'partner-webhook', 'partner-email'],
  'binding.confirmed': ['seller-notice', 'seller-email', 'seller-webhook'],
  'binding.declined': ['seller-notice', 'seller-email', 'seller-webhook'],
  'binding.expired': ['seller-notice', 'seller-email', 'seller-webhook', 'partner-webhook'],
  'binding.cancelled': ['seller-notice', 'seller-email', 'seller-webhook', 'partner-webhook'],
  'binding.scopes_narrowed': ['seller-notice', 'seller-email', 'seller-webhook', 'partner-webhook'],
  'binding.terminated': ['seller-notice', 'seller-email', 'seller-webhook'],
  'binding.ended': ['seller-notice', 'seller-email', 'seller-webhook', 'partner-webhook'],
  'binding.extended': ['seller-notice', 'seller-email', 'seller-webhook', 'partner-webhook'],
  // Reminders: the partner has no in-app inbox, so its contact address gets them by e-mail as well.
  'binding.ending_soon': ['seller-notice', 'seller-email', 'seller-webhook', 'partner-webhook', 'partner-email'],
  // The seller has nothing to do about a request the partner has not answered yet: partner only.
  'binding.request_expiring': ['partner-webhook', 'partner-email'],
  /** A module event (Partners → Bindings), told to each seller with a live binding to the partner. */
  'partner.decertified': ['seller-notice', 'seller-email', 'seller-webhook'],
};

/**
 * The one outbox message a transition writes: the event itself. The relay expands it into its
 * channel jobs when it publishes (noticeJobs); it never becomes a job as it is.
 * Both names are stored in outbox rows: never rename them.
 */
export const NOTICE_EVENT = { queueName: 'notices', jobName: 'notice.event' } as const;

export function noticeEvent(notice: BindingNotice): OutboxMessage {
  return { ...NOTICE_EVENT, payload: notice };
}

/** One channel job of an event. The jobId is `<eventId>.<channel>`, so a republished event is deduplicated by BullMQ. */
export interface NoticeJob {
  channel: NoticeChannel;
  jobId: string;
  queueName: QueueName;
  jobName: JobName;
  payload: BindingNotice;
}

/** The channels that are switched on in this configuration. */
export function enabledChannels(config: AppConfig): ReadonlySet<NoticeChannel> {
  const entries = Object.entries(NOTICE_CHANNELS) as Array<[NoticeChannel, { enabled?: (config: AppConfig) => boolean }]>;
  return new Set(entries.filter(([, channel]) => channel.enabled?.(config) ?? true).map(([name]) => name));
}

/** Expands one event into the jobs of the channels that hear it and are switched on. Throws on a type this version does not know. */
export function noticeJobs(notice: BindingNotice, enabled: ReadonlySet<NoticeChannel>): NoticeJob[] {
  const route = Object.hasOwn(NOTICE_ROUTES, notice.type) ? NOTICE_ROUTES[notice.type] : undefined;
  if (!route) throw new Error(`No notice route for event type ${JSON.stringify(notice.type)}`);
  return route
    .filter((channel) => enabled.has(channel))
    .map((channel) => {
      const job = NOTICE_CHANNELS[channel].job;
      return { channel, jobId: `${notice.eventId}.${channel}`, queueName: QUEUE_OF[job], jobName: job, payload: notice };
    });
}
