import { Inject, Injectable, Logger } from '@nestjs/common';
import { CursorCodec, InvalidStateError, NotFoundError, isUuid, newId, webhookDeliveries, webhookLatency, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UnitOfWork } from '@app/database';
import { JobName, outboxJob } from '@app/queue';
import type { BindingNotice } from './notice.js';
import { EndpointGate } from './endpoint-gate.js';
import type { EndpointOwner } from './endpoint-owner.js';
import { ParkedJobs } from './parked-jobs.js';
import { retryDelayMs } from './retry-policy.js';
import type { DeliveryStatus } from './webhook-delivery.entity.js';
import { WebhookDeliveriesRepository, freshDeliveryView, type AttemptRecord, type DeliveryRecord, type DeliveryView } from './webhook-deliveries.repository.js';
import { WebhookEndpoints, type WebhookEndpoint } from './webhook-endpoints.js';
import { WebhookSender } from './webhook-sender.js';

export type { DeliveryView } from './webhook-deliveries.repository.js';

/**
 * What one delivery attempt came to; the processor turns it into BullMQ's terms. `busy`: the owner
 * has its share in flight and the job is parked until a slot frees (or `parkMs` at the latest).
 */
export type AttemptOutcome =
  { kind: 'delivered' } | { kind: 'skipped' } | { kind: 'failed' } | { kind: 'busy'; parkMs: number } | { kind: 'retry'; delayMs: number };

/** The type of the event a ping sends. */
export const PING_EVENT_TYPE = 'ping' as const;

/** The webhook body (docs/API.md#webhook-body), serialised once so every attempt sends the same bytes. */
export function webhookBody(notice: BindingNotice): string {
  return JSON.stringify({
    id: notice.eventId,
    type: notice.type,
    createdAt: notice.occurredAt,
    data: { binding: notice.binding, account: notice.account, ...(notice.remindAt ? { remindAt: notice.remindAt } : {}) },
  });
}

const NO_URL: Record<EndpointOwner['kind'], string> = {
  partner: 'The partner has no webhook URL configured.',
  account: 'The account has no webhook URL configured.',
};

/**
 * Webhook deliveries to every endpoint owner (partners, seller accounts): signed, retried on the
 * schedule, logged, redelivered on request, at most WEBHOOK_PER_PARTNER_CONCURRENCY in flight per
 * owner. Everything here runs from jobs and is safe to run twice for one event.
 */
@Injectable()
export class WebhookDeliveries {
  private readonly logger = new Logger(WebhookDeliveries.name);
  private readonly cursors: CursorCodec;

  constructor(
    @Inject(WebhookDeliveriesRepository) private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(WebhookEndpoints) private readonly endpoints: WebhookEndpoints,
    @Inject(EndpointGate) private readonly gate: EndpointGate,
    @Inject(ParkedJobs) private readonly parked: ParkedJobs,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  /**
   * First (or repeated) run of a notice's delivery job to `owner`: the delivery row is created on
   * first sight (a re-run finds the same one, by event and owner), then one attempt of chain 0 is made.
   * A seller account without a webhook gets nothing (no row: its log shows what was sent to it).
   */
  async deliverNotice(notice: BindingNotice, owner: EndpointOwner, jobId?: string): Promise<AttemptOutcome> {
    // Most accounts have no webhook: one primary-key read settles it before the gate is asked.
    const known = owner.kind === 'account' ? await this.endpoints.endpointOf(owner) : undefined;
    if (known === null || (known && !known.url)) return { kind: 'skipped' };
    return this.withSlot(owner, jobId, async () => {
      // The endpoint's read and the row's insert do not depend on each other: one wait for both.
      const [endpoint, delivery] = await Promise.all([known ?? this.endpoints.endpointOf(owner), this.openDelivery(notice, owner)]);
      return this.attempt(delivery, 0, endpoint);
    });
  }

  /**
   * An attempt of chain `generation` of an existing delivery (a redelivery, a ping). `owner` comes with
   * the job (jobs queued before it did read the row first), so a job refused a slot costs no database read.
   */
  async attemptDelivery(deliveryId: string, generation: number, jobId?: string, owner?: EndpointOwner): Promise<AttemptOutcome> {
    const known = owner ?? (await this.deliveries.find(deliveryId))?.owner;
    if (!known) return { kind: 'skipped' };
    return this.withSlot(known, jobId, async () => {
      const [delivery, endpoint] = await Promise.all([this.deliveries.find(deliveryId, known), this.endpoints.endpointOf(known)]);
      if (!delivery) return { kind: 'skipped' };
      return this.attempt(delivery, generation, endpoint);
    });
  }

  /**
   * Runs `work` holding one of the owner's in-flight slots, asked for first (one Redis call): a job
   * refused one is parked at once, so a flood of one owner's jobs costs the others almost nothing.
   * The freed slot goes to the owner's oldest parked job.
   */
  private async withSlot(owner: EndpointOwner, jobId: string | undefined, work: () => Promise<AttemptOutcome>): Promise<AttemptOutcome> {
    const lease = await this.gate.acquire(owner, jobId);
    if (!lease) return { kind: 'busy', parkMs: this.gate.leaseMs + Math.floor(Math.random() * 1000) };
    try {
      return await work();
    } finally {
      await this.parked.wake(owner, await this.gate.release(owner, lease).catch(() => []));
    }
  }

  private async openDelivery(notice: BindingNotice, owner: EndpointOwner): Promise<DeliveryRecord> {
    const fresh = newDelivery(owner, notice.eventId, notice.type, webhookBody(notice), new Date(notice.occurredAt));
    // A new row is used as built (no read back); only a re-run job reads the existing one.
    if (await this.deliveries.insertIfAbsent(fresh, new Date())) return fresh;
    const existing = await this.deliveries.findByEvent(notice.eventId, owner);
    if (!existing) throw new Error(`Delivery for event ${notice.eventId} vanished`);
    return existing;
  }

  /**
   * One attempt at a pending delivery of chain `generation`: send, then record what happened. A job of
   * an older chain (the delivery was redelivered since), or of a finished one, does nothing.
   */
  private async attempt(delivery: DeliveryRecord, generation: number, endpoint: WebhookEndpoint | null): Promise<AttemptOutcome> {
    if (delivery.status !== 'pending' || delivery.generation !== generation) return { kind: 'skipped' };
    if (!endpoint?.url) {
      await this.record(delivery, { status: 'failed', lastStatusCode: null, lastError: NO_URL[delivery.owner.kind], nextAttemptAt: null }, false);
      return { kind: 'failed' };
    }

    const attempt = delivery.attempts + 1;
    const started = process.hrtime.bigint();
    const result = await this.sender.send(endpoint.url, endpoint.secret, { eventId: delivery.eventId, type: delivery.type, body: delivery.body, attempt });

    const outcome = result.ok ? 'delivered' : attempt >= this.config.webhook.maxAttempts ? 'failed' : 'retry';
    webhookDeliveries.inc({ outcome });
    webhookLatency.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);

    if (result.ok) {
      const recorded = await this.record(delivery, {
        status: 'delivered',
        lastStatusCode: result.statusCode,
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: new Date(),
      });
      return { kind: recorded ? 'delivered' : 'skipped' };
    }
    if (outcome === 'failed') {
      this.logger.warn(`Webhook delivery ${delivery.id} failed for good after ${attempt} attempts: ${result.error}`);
      const recorded = await this.record(delivery, {
        status: 'failed',
        lastStatusCode: result.statusCode,
        lastError: result.error,
        nextAttemptAt: null,
      });
      return { kind: recorded ? 'failed' : 'skipped' };
    }
    const delayMs = retryDelayMs(attempt, this.config.webhook.backoffMs);
    const recorded = await this.record(delivery, {
      status: 'pending',
      lastStatusCode: result.statusCode,
      lastError: result.error,
      nextAttemptAt: new Date(Date.now() + delayMs),
    });
    return recorded ? { kind: 'retry', delayMs } : { kind: 'skipped' };
  }

  /** See WebhookDeliveriesRepository.recordAttempt: a duplicate run or an older chain records nothing (false). */
  private record(delivery: DeliveryRecord, attempt: AttemptRecord, counted = true): Promise<boolean> {
    return this.deliveries.recordAttempt(delivery, attempt, counted);
  }

  async belongsTo(owner: EndpointOwner, deliveryId: string): Promise<boolean> {
    return isUuid(deliveryId) && (await this.deliveries.exists(deliveryId, owner));
  }

  async list(owner: EndpointOwner, statuses: DeliveryStatus[] | undefined, limit: number, cursor?: string): Promise<Page<DeliveryView>> {
    const before = cursor ? this.cursors.decodeTimeKey('deliveries', cursor) : undefined;
    const rows = await this.deliveries.list(owner, statuses, limit + 1, before);
    return this.cursors.timeKeyPage('deliveries', rows, limit, (delivery) => delivery.createdAt);
  }

  /**
   * Sends the same event (same eventId, same body) again with a fresh chain of attempts. One
   * conditional UPDATE decides: only a delivery that is over (delivered or failed) reopens, and its
   * generation moves on, so at most one chain runs per delivery and a pending one is `409`.
   */
  async requestRedelivery(owner: EndpointOwner, deliveryId: string): Promise<DeliveryView> {
    if (!isUuid(deliveryId)) throw new NotFoundError('Delivery');
    return this.unitOfWork.run(async (tx, outbox) => {
      const reopened = await this.deliveries.reopen(tx, deliveryId, owner, new Date());
      if (!reopened) {
        if (!(await this.deliveries.exists(deliveryId, owner, tx))) throw new NotFoundError('Delivery');
        throw new InvalidStateError('The delivery is still pending (being sent or retried): it can be redelivered once it is delivered or failed.');
      }
      await outbox([outboxJob(JobName.RedeliverWebhook, { deliveryId, generation: reopened.generation, owner })]);
      return reopened.view;
    });
  }

  /** A signed `ping` event to the owner's endpoint, through the same queue and log as every notice. */
  async ping(owner: EndpointOwner): Promise<DeliveryView> {
    const endpoint = await this.endpoints.endpointOf(owner);
    if (!endpoint?.url) throw new InvalidStateError('No webhook URL is set: set one first.');
    const eventId = newId();
    const now = new Date();
    const body = JSON.stringify({ id: eventId, type: PING_EVENT_TYPE, createdAt: now.toISOString(), data: {} });
    const delivery = newDelivery(owner, eventId, PING_EVENT_TYPE, body, now);
    await this.unitOfWork.run(async (tx, outbox) => {
      await this.deliveries.insert(tx, delivery, now);
      await outbox([outboxJob(JobName.PingWebhook, { deliveryId: delivery.id, generation: 0, owner })]);
    });
    return freshDeliveryView(delivery, now);
  }
}

/** A delivery not yet attempted: pending, chain 0. */
function newDelivery(owner: EndpointOwner, eventId: string, type: string, body: string, createdAt: Date): DeliveryRecord {
  return { id: newId(), eventId, owner, type, body, status: 'pending', attempts: 0, generation: 0, createdAt };
}
