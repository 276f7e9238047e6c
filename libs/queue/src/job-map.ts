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
  /** One module telling the others (account closed, partner decertified), a keyset page per job. */
  ModuleEvents: 'module-events',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  DeliverWebhook: 'webhook.deliver',
  RedeliverWebhook: 'webhook.redeliver',
  /** A seller notice to the account's own webhook (skipped when the account has none). */
  DeliverSellerWebhook: 'webhook.deliver-seller',
  /** The first attempt of a ping delivery (row written by the request). */
  PingWebhook: 'webhook.ping',
  RecordSellerNotice: 'seller-notice.record',
  /** The old per-request expiry timer: no longer published, still handled (jobs queued before binding timers moved to MySQL). */
  ExpireBinding: 'binding.expire',
  /** The scheduled sweep that fires due binding timers (expiry, end of term, reminders) from MySQL. */
  SweepExpiredBindings: 'binding.expiry-sweep',
  /** E-mails a seller notice to the account's administrators (resolved when sent). */
  EmailSellerNotice: 'email.seller-notice',
  /** E-mails a notice to the partner's contact address. */
  EmailPartnerNotice: 'email.partner-notice',
  /** Deletes rows past their retention (one job scheduler per cluster). */
  PurgeExpiredRows: 'retention.purge',
  /** Accounts → Bindings: cancel one page of a closed account's live bindings, then queue the next page. */
  CloseAccountBindings: 'account.close-bindings',
  /** Partners → Bindings: tell one page of the sellers bound to a decertified partner, then queue the next page. */
  TellPartnerDecertified: 'partner.tell-decertified',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/**
 * An attempt chain of an existing delivery row: `generation` is the row's chain the job was made for
 * (absent in jobs queued before chains were counted: generation 0).
 */
export interface DeliveryAttempt {
  deliveryId: string;
  generation?: number;
  /** The endpoint's owner (`kind`: partner or account), so the worker can ask for its slot before reading the row. */
  owner?: { kind: 'partner' | 'account'; id: string };
}

/**
 * Job name → payload: producers and processors compile against the same type. A job whose
 * payload is another module's type is added by that module (declaration merging), so this
 * library depends on none of them: the notice jobs' payloads are declared in libs/notifications.
 */
export interface JobPayloads {
  [JobName.RedeliverWebhook]: DeliveryAttempt;
  [JobName.PingWebhook]: DeliveryAttempt;
  [JobName.ExpireBinding]: { bindingId: string };
  [JobName.SweepExpiredBindings]: Record<string, never>;
  [JobName.PurgeExpiredRows]: Record<string, never>;
  /** `after`: the last live_partner_id the previous page reached (null: from the start). */
  [JobName.CloseAccountBindings]: { accountId: string; after: string | null };
  /** `decertificationId` names this decertification: the notices' event ids derive from it, so a repeat is the same notice. */
  [JobName.TellPartnerDecertified]: { partnerId: string; decertificationId: string; after: string | null };
}

/** Which queue each job runs on. */
export const QUEUE_OF: { readonly [J in JobName]: QueueName } = {
  [JobName.DeliverWebhook]: QueueName.PartnerWebhooks,
  [JobName.RedeliverWebhook]: QueueName.PartnerWebhooks,
  [JobName.DeliverSellerWebhook]: QueueName.PartnerWebhooks,
  [JobName.PingWebhook]: QueueName.PartnerWebhooks,
  [JobName.RecordSellerNotice]: QueueName.SellerNotices,
  [JobName.ExpireBinding]: QueueName.BindingExpiry,
  [JobName.SweepExpiredBindings]: QueueName.BindingExpiry,
  [JobName.EmailSellerNotice]: QueueName.Email,
  [JobName.EmailPartnerNotice]: QueueName.Email,
  [JobName.PurgeExpiredRows]: QueueName.Retention,
  [JobName.CloseAccountBindings]: QueueName.ModuleEvents,
  [JobName.TellPartnerDecertified]: QueueName.ModuleEvents,
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
