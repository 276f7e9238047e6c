/**
 * Queue and job names are part of the data in Redis: once released they never
 * change, or jobs already queued under the old name are stranded. Add, never rename.
 */
export const QueueName = {
    PartnerWebhooks: 'partner-webhooks',
    SellerNotices: 'seller-notices',
    BindingExpiry: 'binding-expiry',
    Email: 'email',
};
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
};
/** Which queue each job runs on. */
export const QUEUE_OF = {
    [JobName.DeliverWebhook]: QueueName.PartnerWebhooks,
    [JobName.RedeliverWebhook]: QueueName.PartnerWebhooks,
    [JobName.RecordSellerNotice]: QueueName.SellerNotices,
    [JobName.ExpireBinding]: QueueName.BindingExpiry,
    [JobName.SweepExpiredBindings]: QueueName.BindingExpiry,
    [JobName.EmailSellerNotice]: QueueName.Email,
    [JobName.EmailPartnerNotice]: QueueName.Email,
};
export const ALL_QUEUES = Object.values(QueueName);
export const ALL_JOBS = Object.values(JobName);
/** Builds a typed outbox message for `job` (the queue is looked up, never passed by hand). */
export function outboxJob(job, payload, delayMs) {
    return { queueName: QUEUE_OF[job], jobName: job, payload, ...(delayMs ? { delayMs } : {}) };
}
//# sourceMappingURL=job-map.js.map