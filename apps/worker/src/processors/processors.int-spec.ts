import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AccountsService } from '@app/accounts';
import { BindingsService, type BindingView } from '@app/bindings';
import { newId } from '@app/common';
import type { AppConfig } from '@app/config';
import { dropDatabase, prepareDatabase } from '@app/database';
import { NotificationsService, WebhookDeliveries, partnerOwner } from '@app/notifications';
import { PartnersService } from '@app/partners';
import type { BindingNotice } from '@app/notifications';
import { ALL_JOBS, JobName, QueueName } from '@app/queue';
import { WebhookReceiver, deleteQueueKeys, sleep, testConfig, verifyWebhookSignature, waitFor } from '@app/testing';
import { createWorkerApp } from '../bootstrap.js';
import { PROCESSORS, assertEveryJobHasAProcessor } from '../worker.module.js';
import { PartnerWebhookProcessor } from './partner-webhook.processor.js';
import { SellerNoticeProcessor } from './seller-notice.processor.js';

/**
 * The real worker (relay + processors, createWorkerApp, init only) against MariaDB,
 * Redis and a local HTTP receiver standing in for the partner's endpoint.
 */
describe('worker processors (MariaDB + Redis + HTTP)', () => {
  let config: AppConfig;
  let worker: NestFastifyApplication;
  let receiver: WebhookReceiver;
  let dataSource: DataSource;
  let bindings: BindingsService;
  let accounts: AccountsService;
  let partners: PartnersService;
  let deliveries: WebhookDeliveries;

  beforeAll(async () => {
    config = testConfig();
    await prepareDatabase(config, { create: true });
    receiver = await WebhookReceiver.start();
    worker = await createWorkerApp(config, { logger: false });
    await worker.init();
    dataSource = worker.get(DataSource);
    bindings = worker.get(BindingsService, { strict: false });
    accounts = worker.get(AccountsService, { strict: false });
    partners = worker.get(PartnersService, { strict: false });
    deliveries = worker.get(WebhookDeliveries, { strict: false });
    // The timer sweep would expire overdue requests on its own schedule; these tests watch the old per-request job
    // (published no more, but jobs queued before the deploy still come due and must still work).
    await queue(QueueName.BindingExpiry).removeJobScheduler('binding-expiry-sweep');
  });

  afterAll(async () => {
    await worker?.close();
    await receiver?.stop();
    if (config) {
      await dropDatabase(config);
      await deleteQueueKeys(config);
    }
  });

  const queue = (name: QueueName) => worker.get<Queue>(getQueueToken(name), { strict: false });

  async function requested(path: string): Promise<{ binding: BindingView; secret: string; partnerId: string; accountId: string }> {
    const account = await accounts.createAccount(`Seller ${newId()}`);
    const partner = await partners.createPartner({
      name: `Partner ${newId()}`,
      certified: true,
      contacts: { email: `p-${newId()}@partner.test` },
      webhookUrl: receiver.url(path),
    });
    const binding = await bindings.requestBinding({ accountId: account.id, partnerId: partner.id, requestedBy: newId() });
    return { binding, secret: partner.webhookSecret, partnerId: partner.id, accountId: account.id };
  }

  async function completedJob(name: QueueName, match: (job: Job) => boolean): Promise<Job> {
    let found: Job | undefined;
    await waitFor(
      async () => {
        found = (await queue(name).getJobs(['completed'])).find((job) => job && match(job));
        return found !== undefined;
      },
      { what: `a completed job on ${name}` },
    );
    return found!;
  }

  /** Runs the same job again, as at-least-once delivery may (a republished outbox row, a stalled job). */
  async function runAgain(name: QueueName, job: Job): Promise<Job> {
    const rerunId = `rerun-${newId()}`;
    await queue(name).add(job.name, job.data, { jobId: rerunId });
    return completedJob(name, (j) => j.id === rerunId);
  }

  it('turns binding.requested into one delivery row and one signed POST; a re-run does not send again', async () => {
    const { binding, secret, partnerId, accountId } = await requested('/requested');
    await waitFor(() => receiver.requestsTo('/requested').length >= 1, { what: 'the webhook' });

    const [request] = receiver.requestsTo('/requested');
    const [event] = await dataSource.query("SELECT id FROM binding_events WHERE binding_id = ? AND type = 'binding.requested'", [binding.id]);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-event-id']).toBe(event.id);
    expect(request!.headers['x-event-type']).toBe('binding.requested');
    expect(verifyWebhookSignature(secret, request!.rawBody, String(request!.headers['x-signature']))).toBe(true);
    expect(request!.body).toMatchObject({
      id: event.id,
      type: 'binding.requested',
      data: { binding: { id: binding.id, status: 'pending', partnerId }, account: { id: accountId } },
    });

    const webhookJob = await completedJob(
      QueueName.PartnerWebhooks,
      (job) => job.name === JobName.DeliverWebhook && (job.data as BindingNotice).eventId === event.id,
    );
    expect(webhookJob.returnvalue).toBe('delivered');
    const deliveries = await dataSource.query('SELECT status, attempts, last_status_code AS lastStatusCode FROM webhook_deliveries WHERE event_id = ?', [
      event.id,
    ]);
    expect(deliveries).toEqual([{ status: 'delivered', attempts: 1, lastStatusCode: 200 }]);

    const rerun = await runAgain(QueueName.PartnerWebhooks, webhookJob);
    expect(rerun.returnvalue).toBe('skipped');
    await sleep(300);
    expect(receiver.requestsTo('/requested')).toHaveLength(1);
    expect(await dataSource.query('SELECT status, attempts FROM webhook_deliveries WHERE event_id = ?', [event.id])).toEqual([
      { status: 'delivered', attempts: 1 },
    ]);
  });

  it('retries a webhook the partner refused, with the same event id, until it is delivered', async () => {
    receiver.plan('/flaky', { status: 500 }, { status: 503 });
    const { binding, secret } = await requested('/flaky');
    await waitFor(() => receiver.deliveredTo('/flaky').length === 1, { what: 'the third attempt to be delivered', timeoutMs: 20_000 });
    const attempts = receiver.requestsTo('/flaky');
    expect(attempts.map((r) => r.answeredStatus)).toEqual([500, 503, 200]);
    expect(new Set(attempts.map((r) => r.headers['x-event-id'])).size).toBe(1);
    expect(new Set(attempts.map((r) => r.rawBody)).size).toBe(1);
    for (const attempt of attempts) expect(verifyWebhookSignature(secret, attempt.rawBody, String(attempt.headers['x-signature']))).toBe(true);
    // The receiver answers before the worker records the attempt: wait for the recorded outcome, not for the POST.
    const deliveryOf = async () =>
      (
        await dataSource.query('SELECT d.status, d.attempts FROM webhook_deliveries d JOIN binding_events e ON e.id = d.event_id WHERE e.binding_id = ?', [
          binding.id,
        ])
      )[0];
    await waitFor(async () => (await deliveryOf())?.status !== 'pending', { what: 'the third attempt to be recorded' });
    expect(await deliveryOf()).toEqual({ status: 'delivered', attempts: 3 });
  });

  it('redelivers a finished delivery once however many ask at once; a job of an older chain records nothing', async () => {
    const { binding } = await requested('/chains');
    const [event] = await dataSource.query("SELECT id FROM binding_events WHERE binding_id = ? AND type = 'binding.requested'", [binding.id]);
    const firstJob = await completedJob(
      QueueName.PartnerWebhooks,
      (job) => job.name === JobName.DeliverWebhook && (job.data as BindingNotice).eventId === event.id,
    );
    const row = async () =>
      (await dataSource.query('SELECT id, owner_id AS ownerId, status, attempts, generation FROM webhook_deliveries WHERE event_id = ?', [event.id]))[0];
    const { id: deliveryId, ownerId } = await row();
    const owner = partnerOwner(ownerId);

    // Five requests at once: one conditional UPDATE wins, the others find the delivery pending.
    const answers = await Promise.allSettled(Array.from({ length: 5 }, () => deliveries.requestRedelivery(owner, deliveryId)));
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const refused of answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected'))
      expect(refused.reason).toMatchObject({ code: 'INVALID_STATE' });
    await waitFor(async () => (await row()).status === 'delivered', { what: 'the redelivery' });
    expect(receiver.requestsTo('/chains')).toHaveLength(2);
    expect(await row()).toMatchObject({ status: 'delivered', attempts: 1, generation: 1 });

    // Jobs of chain 0 run again (a stalled original, a republished redelivery of before): nothing is sent or recorded.
    expect((await runAgain(QueueName.PartnerWebhooks, firstJob)).returnvalue).toBe('skipped');
    const stale = await queue(QueueName.PartnerWebhooks).add(JobName.RedeliverWebhook, { deliveryId, generation: 0 }, { jobId: `stale-${newId()}` });
    await waitFor(async () => (await stale.getState()) === 'completed', { what: 'the stale chain job' });
    expect((await queue(QueueName.PartnerWebhooks).getJob(stale.id!))!.returnvalue).toBe('skipped');

    // While chain 2 is pending (its endpoint takes its time to answer), asking again is refused, and a
    // job of chain 1 finishes nothing: chain 2's own attempt records the outcome.
    receiver.setDefault('/chains', { status: 200, delayMs: 1000 });
    await deliveries.requestRedelivery(owner, deliveryId);
    await expect(deliveries.requestRedelivery(owner, deliveryId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const old = await queue(QueueName.PartnerWebhooks).add(JobName.RedeliverWebhook, { deliveryId, generation: 1 }, { jobId: `old-${newId()}` });
    await waitFor(async () => (await old.getState()) === 'completed', { what: 'the chain-1 job' });
    expect((await queue(QueueName.PartnerWebhooks).getJob(old.id!))!.returnvalue).toBe('skipped');
    await waitFor(async () => (await row()).status === 'delivered', { what: 'chain 2 to deliver' });
    expect(await row()).toMatchObject({ status: 'delivered', attempts: 1, generation: 2 });
    expect(receiver.requestsTo('/chains')).toHaveLength(3);
  });

  it('records the seller notice once, even when the job runs twice', async () => {
    const { binding, accountId } = await requested('/seller-notice');
    const [event] = await dataSource.query("SELECT id FROM binding_events WHERE binding_id = ? AND type = 'binding.requested'", [binding.id]);
    const noticeJob = await completedJob(QueueName.SellerNotices, (job) => (job.data as BindingNotice).eventId === event.id);
    await runAgain(QueueName.SellerNotices, noticeJob);
    await Promise.all([runAgain(QueueName.SellerNotices, noticeJob), runAgain(QueueName.SellerNotices, noticeJob)]);

    const notices = await dataSource.query('SELECT id, account_id AS accountId, type, binding_id AS bindingId FROM seller_notices WHERE binding_id = ?', [
      binding.id,
    ]);
    expect(notices).toEqual([{ id: event.id, accountId, type: 'binding.requested', bindingId: binding.id }]);
  });

  it('records notices that arrive together (several to one statement), each exactly once', async () => {
    const notifications = worker.get(NotificationsService, { strict: false });
    const { binding, accountId } = await requested('/seller-notice-batch');
    const notices = Array.from({ length: 40 }, (_, i): BindingNotice => ({
      eventId: newId(),
      type: i % 2 ? 'binding.requested' : 'binding.cancelled',
      occurredAt: new Date(Date.now() - i).toISOString(),
      binding: binding as unknown as BindingNotice['binding'],
      account: { id: accountId, name: 'Seller' },
    }));
    // A quarter of them twice, as a re-run job would.
    await Promise.all([...notices, ...notices.slice(0, 10)].map((notice) => notifications.recordSellerNotice(notice)));

    const rows: Array<{ id: string; type: string }> = await dataSource.query(
      `SELECT id, type FROM seller_notices WHERE id IN (${notices.map(() => '?').join(', ')}) ORDER BY id`,
      notices.map((notice) => notice.eventId),
    );
    expect(rows).toEqual(notices.map((notice) => ({ id: notice.eventId, type: notice.type })).sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it('an expiry job published early moves itself back, and expires the request once it is due', async () => {
    const { binding } = await requested('/expiry');
    const dueAt = Date.now() + 2500;
    await dataSource.query('UPDATE bindings SET expires_at = ? WHERE id = ?', [new Date(dueAt), binding.id]);

    // Published early (no delay at all): the processor must not expire it now.
    const early = await queue(QueueName.BindingExpiry).add(JobName.ExpireBinding, { bindingId: binding.id }, { jobId: `early-${newId()}` });
    await waitFor(async () => (await early.getState()) === 'delayed', { what: 'the early job to move itself back' });
    const [before] = await dataSource.query('SELECT status FROM bindings WHERE id = ?', [binding.id]);
    expect(before.status).toBe('pending');
    expect(Date.now()).toBeLessThan(dueAt);

    await waitFor(async () => (await early.getState()) === 'completed', { what: 'the early job to run when due', timeoutMs: 10_000 });
    const done = await queue(QueueName.BindingExpiry).getJob(early.id!);
    expect(done!.returnvalue).toEqual({ expired: true });
    expect(done!.finishedOn!).toBeGreaterThanOrEqual(dueAt);

    // A second expiry job for the same request (the original delayed one, a republish) changes nothing.
    const again = await queue(QueueName.BindingExpiry).add(JobName.ExpireBinding, { bindingId: binding.id }, { jobId: `again-${newId()}` });
    await waitFor(async () => (await again.getState()) === 'completed', { what: 'the second expiry job' });
    expect((await queue(QueueName.BindingExpiry).getJob(again.id!))!.returnvalue).toEqual({ expired: false });

    const [after] = await dataSource.query('SELECT status, live_partner_id AS livePartnerId FROM bindings WHERE id = ?', [binding.id]);
    expect(after).toEqual({ status: 'expired', livePartnerId: null });
    const events = await dataSource.query('SELECT type FROM binding_events WHERE binding_id = ? ORDER BY at, id', [binding.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['binding.requested', 'binding.expired']);
    // The partner hears of the expiry too.
    await waitFor(() => receiver.requestsTo('/expiry').some((r) => r.body?.type === 'binding.expired'), { what: 'the binding.expired webhook' });
    expect(receiver.requestsTo('/expiry').filter((r) => r.body?.type === 'binding.expired')).toHaveLength(1);
  });

  describe('assertEveryJobHasAProcessor', () => {
    it("accepts the worker's processors, which cover every job name", () => {
      expect(() => assertEveryJobHasAProcessor(PROCESSORS)).not.toThrow();
    });

    it('throws naming the job that no processor handles', () => {
      expect(() => assertEveryJobHasAProcessor([PartnerWebhookProcessor, SellerNoticeProcessor])).toThrow(
        /binding\.expire\b.*binding\.expiry-sweep|binding\.expiry-sweep.*binding\.expire\b/,
      );
      const allButOne = ALL_JOBS.filter((job) => job !== JobName.RecordSellerNotice);
      expect(() => assertEveryJobHasAProcessor([{ handles: allButOne }])).toThrow(JobName.RecordSellerNotice);
      expect(() => assertEveryJobHasAProcessor([])).toThrow(/No processor handles/);
    });
  });
});
