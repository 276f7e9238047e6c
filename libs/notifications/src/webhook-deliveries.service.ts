import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CursorCodec, InvalidStateError, NotFoundError, isUuid, newId, webhookDeliveries, webhookLatency, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UnitOfWork } from '@app/database';
import { JobName, outboxJob } from '@app/queue';
import type { BindingNotice } from './notice.js';
import { EndpointGate } from './endpoint-gate.js';
import type { EndpointOwner } from './endpoint-owner.js';
import { ParkedJobs } from './parked-jobs.js';
import { retryDelayMs } from './retry-policy.js';
import { WebhookDeliveryEntity, type DeliveryStatus } from './webhook-delivery.entity.js';
import { WebhookEndpoints, type WebhookEndpoint } from './webhook-endpoints.js';
import { WebhookSender } from './webhook-sender.js';

export interface DeliveryView {
  id: string;
  eventId: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/**
 * What one delivery attempt came to; the processor turns it into BullMQ's terms. `busy`: the owner
 * has its share in flight and the job is parked until a slot frees (or `parkMs` at the latest).
 */
export type AttemptOutcome =
  { kind: 'delivered' } | { kind: 'skipped' } | { kind: 'failed' } | { kind: 'busy'; parkMs: number } | { kind: 'retry'; delayMs: number };

/** The type of the event a ping sends. */
export const PING_EVENT_TYPE = 'ping' as const;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const toDeliveryView = (d: WebhookDeliveryEntity): DeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  type: d.type,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  nextAttemptAt: iso(d.nextAttemptAt),
  deliveredAt: iso(d.deliveredAt),
  createdAt: d.createdAt.toISOString(),
});

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
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
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
      const endpoint = known ?? (await this.endpoints.endpointOf(owner));
      return this.attempt(await this.openDelivery(notice, owner), 0, endpoint);
    });
  }

  /**
   * An attempt of chain `generation` of an existing delivery (a redelivery, a ping). `owner` comes with
   * the job (jobs queued before it did read the row first), so a job refused a slot costs no database read.
   */
  async attemptDelivery(deliveryId: string, generation: number, jobId?: string, owner?: EndpointOwner): Promise<AttemptOutcome> {
    const known = owner ?? (await this.deliveries.findOneBy({ id: deliveryId }).then((row) => (row ? ownerOf(row) : null)));
    if (!known) return { kind: 'skipped' };
    return this.withSlot(known, jobId, async () => {
      const delivery = await this.deliveries.findOneBy({ id: deliveryId, ownerKind: known.kind, ownerId: known.id });
      if (!delivery) return { kind: 'skipped' };
      return this.attempt(delivery, generation, await this.endpoints.endpointOf(known));
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

  private async openDelivery(notice: BindingNotice, owner: EndpointOwner): Promise<WebhookDeliveryEntity> {
    const fresh = this.newDelivery(owner, notice.eventId, notice.type, webhookBody(notice), new Date(notice.occurredAt));
    const inserted = await this.deliveries.createQueryBuilder().insert().values(fresh).orIgnore().updateEntity(false).execute();
    // A new row is used as built (no read back); only a re-run job reads the existing one.
    if ((inserted.raw as { affectedRows?: number })?.affectedRows === 1) return fresh;
    const existing = await this.deliveries.findOneBy({ eventId: notice.eventId, ownerKind: owner.kind, ownerId: owner.id });
    if (!existing) throw new Error(`Delivery for event ${notice.eventId} vanished`);
    return existing;
  }

  private newDelivery(owner: EndpointOwner, eventId: string, type: string, body: string, createdAt: Date): WebhookDeliveryEntity {
    return this.deliveries.create({
      id: newId(),
      eventId,
      ownerKind: owner.kind,
      ownerId: owner.id,
      type,
      body,
      status: 'pending',
      attempts: 0,
      generation: 0,
      lastStatusCode: null,
      lastError: null,
      nextAttemptAt: new Date(),
      deliveredAt: null,
      createdAt,
    });
  }

  /**
   * One attempt at a pending delivery of chain `generation`: send, then record what happened. A job of
   * an older chain (the delivery was redelivered since), or of a finished one, does nothing.
   */
  private async attempt(delivery: WebhookDeliveryEntity, generation: number, endpoint: WebhookEndpoint | null): Promise<AttemptOutcome> {
    if (delivery.status !== 'pending' || delivery.generation !== generation) return { kind: 'skipped' };
    if (!endpoint?.url) {
      await this.recordAttempt(delivery, { status: 'failed', lastStatusCode: null, lastError: NO_URL[delivery.ownerKind], nextAttemptAt: null }, false);
      return { kind: 'failed' };
    }

    const attempt = delivery.attempts + 1;
    const started = process.hrtime.bigint();
    const result = await this.sender.send(endpoint.url, endpoint.secret, { eventId: delivery.eventId, type: delivery.type, body: delivery.body, attempt });

    const outcome = result.ok ? 'delivered' : attempt >= this.config.webhook.maxAttempts ? 'failed' : 'retry';
    webhookDeliveries.inc({ outcome });
    webhookLatency.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);

    if (result.ok) {
      const recorded = await this.recordAttempt(delivery, {
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
      const recorded = await this.recordAttempt(delivery, {
        status: 'failed',
        lastStatusCode: result.statusCode,
        lastError: result.error,
        nextAttemptAt: null,
      });
      return { kind: recorded ? 'failed' : 'skipped' };
    }
    const delayMs = retryDelayMs(attempt, this.config.webhook.backoffMs);
    const recorded = await this.recordAttempt(delivery, {
      status: 'pending',
      lastStatusCode: result.statusCode,
      lastError: result.error,
      nextAttemptAt: new Date(Date.now() + delayMs),
    });
    return recorded ? { kind: 'retry', delayMs } : { kind: 'skipped' };
  }

  /**
   * Records an attempt only if the row is still where this attempt found it (same chain, still
   * pending, same attempt count): a duplicate run of the job, or an attempt of an older chain, never
   * overwrites another's outcome. False when it was not recorded.
   */
  private async recordAttempt(delivery: WebhookDeliveryEntity, changes: Partial<WebhookDeliveryEntity>, counted = true): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ ...changes, ...(counted ? { attempts: () => 'attempts + 1' } : {}) })
      .where("id = :id AND generation = :generation AND status = 'pending' AND attempts = :attempts", {
        id: delivery.id,
        generation: delivery.generation,
        attempts: delivery.attempts,
      })
      .execute();
    return Boolean(result.affected);
  }

  async belongsTo(owner: EndpointOwner, deliveryId: string): Promise<boolean> {
    return isUuid(deliveryId) && (await this.deliveries.existsBy({ id: deliveryId, ownerKind: owner.kind, ownerId: owner.id }));
  }

  async list(owner: EndpointOwner, statuses: DeliveryStatus[] | undefined, limit: number, cursor?: string): Promise<Page<DeliveryView>> {
    const query = this.deliveries.createQueryBuilder('d').where('d.owner_kind = :kind AND d.owner_id = :ownerId', { kind: owner.kind, ownerId: owner.id });
    if (statuses && statuses.length > 0) query.andWhere('d.status IN (:...statuses)', { statuses });
    if (cursor) {
      const [at, id] = this.cursors.decode('deliveries', cursor);
      query.andWhere('(d.created_at < :at OR (d.created_at = :at AND d.id < :id))', { at: new Date(String(at)), id });
    }
    const rows = await query
      .select(['d.id', 'd.eventId', 'd.type', 'd.status', 'd.attempts', 'd.lastStatusCode', 'd.lastError', 'd.nextAttemptAt', 'd.deliveredAt', 'd.createdAt'])
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDeliveryView),
      nextCursor: rows.length > limit && last ? this.cursors.encode('deliveries', [last.createdAt.toISOString(), last.id]) : null,
    };
  }

  /**
   * Sends the same event (same eventId, same body) again with a fresh chain of attempts. One
   * conditional UPDATE decides: only a delivery that is over (delivered or failed) reopens, and its
   * generation moves on, so at most one chain runs per delivery and a pending one is `409`.
   */
  async requestRedelivery(owner: EndpointOwner, deliveryId: string): Promise<DeliveryView> {
    if (!isUuid(deliveryId)) throw new NotFoundError('Delivery');
    const scope = { id: deliveryId, ownerKind: owner.kind, ownerId: owner.id };
    return this.unitOfWork.run(async (tx, outbox) => {
      const reopened = await tx
        .createQueryBuilder()
        .update(WebhookDeliveryEntity)
        .set({ status: 'pending', attempts: 0, generation: () => 'generation + 1', nextAttemptAt: new Date() })
        .where("id = :id AND owner_kind = :ownerKind AND owner_id = :ownerId AND status <> 'pending'", scope)
        .execute();
      if (!reopened.affected) {
        if (!(await tx.existsBy(WebhookDeliveryEntity, scope))) throw new NotFoundError('Delivery');
        throw new InvalidStateError('The delivery is still pending (being sent or retried): it can be redelivered once it is delivered or failed.');
      }
      const delivery = await tx.findOneByOrFail(WebhookDeliveryEntity, scope);
      await outbox([outboxJob(JobName.RedeliverWebhook, { deliveryId, generation: delivery.generation, owner })]);
      return toDeliveryView(delivery);
    });
  }

  /** A signed `ping` event to the owner's endpoint, through the same queue and log as every notice. */
  async ping(owner: EndpointOwner): Promise<DeliveryView> {
    const endpoint = await this.endpoints.endpointOf(owner);
    if (!endpoint?.url) throw new InvalidStateError('No webhook URL is set: set one first.');
    const eventId = newId();
    const now = new Date();
    const body = JSON.stringify({ id: eventId, type: PING_EVENT_TYPE, createdAt: now.toISOString(), data: {} });
    const delivery = this.newDelivery(owner, eventId, PING_EVENT_TYPE, body, now);
    await this.unitOfWork.run(async (tx, outbox) => {
      await tx.insert(WebhookDeliveryEntity, delivery);
      await outbox([outboxJob(JobName.PingWebhook, { deliveryId: delivery.id, generation: 0, owner })]);
    });
    return toDeliveryView(delivery);
  }
}

const ownerOf = (delivery: WebhookDeliveryEntity): EndpointOwner => ({ kind: delivery.ownerKind, id: delivery.ownerId });
