import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AccountsModule, AccountsService } from '@app/accounts';
import { BindingsModule, BindingsService } from '@app/bindings';
import { newId } from '@app/common';
import { NOTICE_EVENT } from '@app/notifications';
import { PartnersModule, PartnersService } from '@app/partners';
import { ALL_QUEUES, JobName, QueueName } from '@app/queue';
import { ModuleContext, waitFor } from '@app/testing';
import { OutboxRelay } from './outbox-relay.service.js';

/**
 * Notice routing from a transition to BullMQ against the real MariaDB and Redis: a transition
 * writes one outbox row (its event), the real relay turns it into exactly the jobs of the channels
 * that hear it, and publishing the same row again (a relay that died before deleting it) adds
 * none. No processors run, so the jobs stay where the relay put them.
 */
describe('notice routing: one event row → its channel jobs (MariaDB + Redis)', () => {
  let context: ModuleContext;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let bindings: BindingsService;
  let accounts: AccountsService;
  let partners: PartnersService;

  beforeAll(async () => {
    // SMTP on, so every channel is in play (no e-mail is sent: nothing consumes the jobs).
    // Not initialised yet: the relay starts only when a test wants it to.
    context = await ModuleContext.start([AccountsModule, PartnersModule, BindingsModule], {
      env: { SMTP_URL: 'smtp://127.0.0.1:2525' },
      providers: [OutboxRelay],
      init: false,
    });
    moduleRef = context.moduleRef;
    dataSource = context.get(DataSource);
    bindings = context.get(BindingsService);
    accounts = context.get(AccountsService);
    partners = context.get(PartnersService);
  });

  afterAll(async () => {
    await context?.stop();
  });

  const queue = (name: QueueName) => moduleRef.get<Queue>(getQueueToken(name), { strict: false });

  interface StoredRow {
    id: string;
    queue_name: string;
    job_name: string;
    payload: unknown;
    delay_ms: number;
    created_at: Date;
    request_id: string | null;
  }

  /** The JSON column arrives parsed or as text, depending on the server. */
  const json = (value: unknown): any => (typeof value === 'string' ? JSON.parse(value) : value);

  const outbox = (): Promise<StoredRow[]> =>
    dataSource.query('SELECT id, queue_name, job_name, payload, delay_ms, created_at, request_id FROM outbox ORDER BY id');

  /** Every job in every queue, as "queue jobId name eventId". */
  async function allJobs(): Promise<string[]> {
    const jobs: string[] = [];
    for (const name of ALL_QUEUES) {
      for (const job of await queue(name).getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized'])) {
        if (job) jobs.push(`${name} ${job.id} ${job.name} ${(job.data as { eventId?: string }).eventId ?? '-'}`);
      }
    }
    return jobs.sort();
  }

  /** A new seller asks a new partner. */
  async function request() {
    const account = await accounts.createAccount(`Seller ${newId()}`);
    const partner = await partners.createPartner({ name: `Partner ${newId()}`, certified: true, contacts: { email: `p-${newId()}@partner.test` } });
    const binding = await bindings.requestBinding({ accountId: account.id, partnerId: partner.id, requestedBy: newId() });
    return { account, binding };
  }

  it('a request and a cancellation write one event row each; the relay publishes exactly their channel jobs, once', async () => {
    const { account, binding } = await request();
    const afterRequest = await outbox();
    await bindings.cancel(account.id, binding.id, newId());
    const rows = await outbox();

    // One event row per transition (the request's expiry is a binding_timers row, not an outbox row).
    const events: Array<{ id: string; type: string }> = await dataSource.query('SELECT id, type FROM binding_events WHERE binding_id = ? ORDER BY at, id', [
      binding.id,
    ]);
    expect(events.map((e) => e.type)).toEqual(['binding.requested', 'binding.cancelled']);
    const [requested, cancelled] = [events[0]!, events[1]!];
    expect(afterRequest.map((r) => `${r.queue_name}/${r.job_name}`).sort()).toEqual(['notices/notice.event']);
    const eventRows = rows.filter((r) => r.job_name === NOTICE_EVENT.jobName);
    expect(rows).toHaveLength(2);
    expect(eventRows.map((r) => json(r.payload).eventId)).toEqual([requested.id, cancelled.id]);

    await moduleRef.init();
    await waitFor(async () => (await outbox()).length === 0, { what: 'the relay to publish the rows' });
    const expected = [
      `${QueueName.Email} ${requested.id}.partner-email ${JobName.EmailPartnerNotice} ${requested.id}`,
      `${QueueName.Email} ${requested.id}.seller-email ${JobName.EmailSellerNotice} ${requested.id}`,
      `${QueueName.PartnerWebhooks} ${requested.id}.partner-webhook ${JobName.DeliverWebhook} ${requested.id}`,
      `${QueueName.SellerNotices} ${requested.id}.seller-notice ${JobName.RecordSellerNotice} ${requested.id}`,
      `${QueueName.PartnerWebhooks} ${requested.id}.seller-webhook ${JobName.DeliverSellerWebhook} ${requested.id}`,
      `${QueueName.Email} ${cancelled.id}.seller-email ${JobName.EmailSellerNotice} ${cancelled.id}`,
      `${QueueName.PartnerWebhooks} ${cancelled.id}.partner-webhook ${JobName.DeliverWebhook} ${cancelled.id}`,
      `${QueueName.SellerNotices} ${cancelled.id}.seller-notice ${JobName.RecordSellerNotice} ${cancelled.id}`,
      `${QueueName.PartnerWebhooks} ${cancelled.id}.seller-webhook ${JobName.DeliverSellerWebhook} ${cancelled.id}`,
    ].sort();
    expect(await allJobs()).toEqual(expected);
    const webhookJob = await queue(QueueName.PartnerWebhooks).getJob(`${cancelled.id}.partner-webhook`);
    expect(webhookJob!.data).toMatchObject({
      eventId: cancelled.id,
      type: 'binding.cancelled',
      binding: { id: binding.id, status: 'cancelled' },
      account: { id: account.id },
    });

    // The same rows again, as a relay that died after publishing and before deleting leaves them.
    for (const row of rows) {
      await dataSource.query('INSERT INTO outbox (id, queue_name, job_name, payload, delay_ms, created_at, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        row.id,
        row.queue_name,
        row.job_name,
        JSON.stringify(json(row.payload)),
        row.delay_ms,
        row.created_at,
        row.request_id,
      ]);
    }
    await waitFor(async () => (await outbox()).length === 0, { what: 'the relay to publish the rows again' });
    expect(await allJobs()).toEqual(expected);
  });

  it('still publishes a row written before routing (a channel job by its own name) as it is, with jobId = row id', async () => {
    const { account, binding } = await request();
    await moduleRef.init(); // a no-op when an earlier test started the relay
    await waitFor(async () => (await outbox()).length === 0, { what: 'the relay to publish the request' });
    const legacyNotice = {
      eventId: newId(),
      type: 'binding.confirmed',
      occurredAt: new Date().toISOString(),
      binding: { ...binding, status: 'active' },
      account: { id: account.id, name: account.name },
    };
    const rowId = newId();
    await dataSource.query('INSERT INTO outbox (id, queue_name, job_name, payload, delay_ms, created_at) VALUES (?, ?, ?, ?, 0, ?)', [
      rowId,
      QueueName.SellerNotices,
      JobName.RecordSellerNotice,
      JSON.stringify(legacyNotice),
      new Date(),
    ]);
    await waitFor(async () => (await outbox()).length === 0, { what: 'the relay to publish the old row' });
    const job = await queue(QueueName.SellerNotices).getJob(rowId);
    expect(job?.name).toBe(JobName.RecordSellerNotice);
    expect(job?.data).toEqual(legacyNotice);
  });

  it('leaves an event of a type this version cannot route in the outbox, and publishes the rows around it', async () => {
    const { account, binding } = await request();
    await moduleRef.init(); // a no-op when an earlier test started the relay
    await waitFor(async () => (await outbox()).length === 0, { what: 'the relay to publish the request' });
    const future = {
      eventId: newId(),
      type: 'binding.from_a_newer_version',
      occurredAt: new Date().toISOString(),
      binding,
      account: { id: account.id, name: account.name },
    };
    const [futureRow, laterRow] = [newId(), newId()];
    await dataSource.query('INSERT INTO outbox (id, queue_name, job_name, payload, delay_ms, created_at) VALUES (?, ?, ?, ?, 0, ?), (?, ?, ?, ?, 0, ?)', [
      futureRow,
      NOTICE_EVENT.queueName,
      NOTICE_EVENT.jobName,
      JSON.stringify(future),
      new Date(),
      laterRow,
      QueueName.BindingExpiry,
      JobName.ExpireBinding,
      JSON.stringify({ bindingId: binding.id }),
      new Date(),
    ]);
    await waitFor(async () => (await outbox()).every((r) => r.id !== laterRow), { what: 'the relay to publish the row after it' });
    expect(await queue(QueueName.BindingExpiry).getJob(laterRow)).toBeDefined();
    expect((await outbox()).map((r) => r.id)).toEqual([futureRow]);
    expect((await allJobs()).filter((j) => j.includes(future.eventId))).toEqual([]);
  });
});
