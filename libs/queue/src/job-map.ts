/**
 * Queue and job names are part of the data in Redis: once released they never
 * change, or jobs already queued under the old name are stranded. Add, never rename.
 */
export const QueueName = {
  PartnerWebhooks: 'partner-webhooks',
  SellerNotices: 'seller-notices',
  BindingExpiry: 'binding-expiry',
  Email: 'email',
  /** Housekeeping: the scheduled retention purge. */
  Retention: 'retention',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  DeliverWebhook: 'webhook.deliver',
  RedeliverWebhook: 'webhook.redeliver',
  RecordSellerNotice: 'seller-notice.record',
  ExpireBinding: 'binding.expire',
  SweepExpiredBindings: 'binding.expiry-sweep',
  /** E-mails a seller notice to the account's administrators (resolved when sent). */
  EmailSellerNotice: 'email.seller-notice',
  /** E-mails a notice to the partner's contact address. */
  EmailPartnerNotice: 'email.partner-notice',
  /** Deletes rows past their retention (one job scheduler per cluster). */
  PurgeExpiredRows: 'retention.purge',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Every notice (and audit event) type; the OpenAPI document's event enums and webhooks are built from this list. */
export const NOTICE_TYPES = ['binding.requested', 'binding.confirmed', 'binding.declined', 'binding.expired', 'binding.cancelled', 'binding.scopes_narrowed', 'binding.terminated'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** The binding as the notice shows it (the same JSON as the API's binding). */
export interface NoticeBinding {
  id: string;
  accountId: string;
  partnerId: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  respondedBy: string | null;
  respondedAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  declineReason: string | null;
  /** When the partner ended the binding, and why if it said (docs/API.md#partner-exit). */
  terminatedAt: string | null;
  terminationReason: string | null;
  /** What the binding grants the partner (docs/API.md#scopes). */
  scopes: string[];
  version: number;
}

/**
 * One transition, told to whoever must hear of it. It carries the binding as it was
 * at the transition (a notice is a fact about that moment, so it is not re-read);
 * `eventId` is the audit event's id and stays the same across retries.
 */
export interface BindingNotice {
  eventId: string;
  type: NoticeType;
  occurredAt: string;
  binding: NoticeBinding;
  account: { id: string; name: string };
}

/** Job name → payload: producers and processors compile against the same type. */
export interface JobPayloads {
  [JobName.DeliverWebhook]: BindingNotice;
  [JobName.RedeliverWebhook]: { deliveryId: string };
  [JobName.RecordSellerNotice]: BindingNotice;
  [JobName.ExpireBinding]: { bindingId: string };
  [JobName.SweepExpiredBindings]: Record<string, never>;
  [JobName.EmailSellerNotice]: BindingNotice;
  [JobName.EmailPartnerNotice]: BindingNotice;
  [JobName.PurgeExpiredRows]: Record<string, never>;
}

/** Which queue each job runs on. */
export const QUEUE_OF: { readonly [J in JobName]: QueueName } = {
  [JobName.DeliverWebhook]: QueueName.PartnerWebhooks,
  [JobName.RedeliverWebhook]: QueueName.PartnerWebhooks,
  [JobName.RecordSellerNotice]: QueueName.SellerNotices,
  [JobName.ExpireBinding]: QueueName.BindingExpiry,
  [JobName.SweepExpiredBindings]: QueueName.BindingExpiry,
  [JobName.EmailSellerNotice]: QueueName.Email,
  [JobName.EmailPartnerNotice]: QueueName.Email,
  [JobName.PurgeExpiredRows]: QueueName.Retention,
};

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
export const ALL_JOBS: readonly JobName[] = Object.values(JobName);

export interface OutboxJob<J extends JobName = JobName> {
  queueName: QueueName;
  jobName: J;
  payload: JobPayloads[J];
  delayMs?: number;
}

/** Builds a typed outbox message for `job` (the queue is looked up, never passed by hand). */
export function outboxJob<J extends JobName>(job: J, payload: JobPayloads[J], delayMs?: number): OutboxJob<J> {
  return { queueName: QUEUE_OF[job], jobName: job, payload, ...(delayMs ? { delayMs } : {}) };
}
