import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CursorCodec, NotFoundError, isUuid, newId, webhookDeliveries, webhookLatency, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UnitOfWork } from '@app/database';
import { PartnersService } from '@app/partners';
import { JobName, outboxJob } from '@app/queue';
import type { BindingNotice } from './notice.js';
import { PartnerGate } from './partner-gate.js';
import { retryDelayMs } from './retry-policy.js';
import { SellerNoticeEntity } from './seller-notice.entity.js';
import { WebhookDeliveryEntity, type DeliveryStatus } from './webhook-delivery.entity.js';
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

export interface SellerNoticeView {
  id: string;
  type: string;
  bindingId: string;
  partnerId: string;
  createdAt: string;
  readAt: string | null;
}

/** What one delivery attempt came to; the processor turns it into BullMQ's terms. */
export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'skipped' }
  | { kind: 'failed' }
  | { kind: 'busy' }
  | { kind: 'retry'; delayMs: number };

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

const toNoticeView = (n: SellerNoticeEntity): SellerNoticeView => ({
  id: n.id,
  type: n.type,
  bindingId: n.bindingId,
  partnerId: n.partnerId,
  createdAt: n.createdAt.toISOString(),
  readAt: iso(n.readAt),
});

/** The webhook body (docs/API.md#webhook-body), serialised once so every attempt sends the same bytes. */
export function webhookBody(notice: BindingNotice): string {
  return JSON.stringify({ id: notice.eventId, type: notice.type, createdAt: notice.occurredAt, data: { binding: notice.binding, account: notice.account, ...(notice.remindAt ? { remindAt: notice.remindAt } : {}) } });
}

/**
 * Delivers notices: partner webhooks (signed, retried, logged) and seller in-app
 * notices. Everything here runs from jobs and is safe to run twice for one event.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly cursors: CursorCodec;

  constructor(
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectRepository(SellerNoticeEntity) private readonly notices: Repository<SellerNoticeEntity>,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(PartnerGate) private readonly gate: PartnerGate,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  // ---- seller in-app notices ------------------------------------------------------------

  async recordSellerNotice(notice: BindingNotice): Promise<void> {
    await this.notices
      .createQueryBuilder()
      .insert()
      .values({ id: notice.eventId, accountId: notice.binding.accountId, type: notice.type, bindingId: notice.binding.id, partnerId: notice.binding.partnerId, createdAt: new Date(notice.occurredAt), readAt: null })
      .orIgnore()
      .execute();
  }

  async listSellerNotices(accountId: string, limit: number, cursor?: string): Promise<Page<SellerNoticeView>> {
    const query = this.notices.createQueryBuilder('n').where('n.account_id = :accountId', { accountId });
    if (cursor) {
      const [at, id] = this.cursors.decode('notices', cursor);
      query.andWhere('(n.created_at < :at OR (n.created_at = :at AND n.id < :id))', { at: new Date(String(at)), id });
    }
    const rows = await query.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toNoticeView), nextCursor: rows.length > limit && last ? this.cursors.encode('notices', [last.createdAt.toISOString(), last.id]) : null };
  }

  async noticeBelongsTo(noticeId: string, accountId: string): Promise<boolean> {
    return isUuid(noticeId) && (await this.notices.existsBy({ id: noticeId, accountId }));
  }

  async markSellerNoticeRead(accountId: string, noticeId: string): Promise<SellerNoticeView> {
    if (!isUuid(noticeId)) throw new NotFoundError('Notification');
    const notice = await this.notices.findOneBy({ id: noticeId, accountId });
    if (!notice) throw new NotFoundError('Notification');
    if (!notice.readAt) {
      notice.readAt = new Date();
      await this.notices.update({ id: noticeId, accountId }, { readAt: notice.readAt });
    }
    return toNoticeView(notice);
  }

  // ---- partner webhooks -----------------------------------------------------------------

  /**
   * First (or repeated) run of a notice's delivery job: the delivery row is created on
   * first sight (a re-run finds the same one, by event id), then one attempt is made.
   */
  async deliverNotice(notice: BindingNotice): Promise<AttemptOutcome> {
    return this.attempt(await this.openDelivery(notice));
  }

  /** A later attempt at a delivery by id (retries after a redelivery request). */
  async attemptDelivery(deliveryId: string): Promise<AttemptOutcome> {
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    return delivery ? this.attempt(delivery) : { kind: 'skipped' };
  }

  private async openDelivery(notice: BindingNotice): Promise<WebhookDeliveryEntity> {
    const fresh = this.deliveries.create({
      id: newId(),
      eventId: notice.eventId,
      partnerId: notice.binding.partnerId,
      type: notice.type,
      body: webhookBody(notice),
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      nextAttemptAt: new Date(),
      deliveredAt: null,
      createdAt: new Date(notice.occurredAt),
    });
    const inserted = await this.deliveries.createQueryBuilder().insert().values(fresh).orIgnore().updateEntity(false).execute();
    // A new row is used as built (no read back); only a re-run job reads the existing one.
    if ((inserted.raw as { affectedRows?: number })?.affectedRows === 1) return fresh;
    const existing = await this.deliveries.findOneBy({ eventId: notice.eventId });
    if (!existing) throw new Error(`Delivery for event ${notice.eventId} vanished`);
    return existing;
  }

  /** One attempt at a pending delivery: send, then record what happened. */
  private async attempt(delivery: WebhookDeliveryEntity): Promise<AttemptOutcome> {
    if (delivery.status !== 'pending') return { kind: 'skipped' };

    const endpoint = await this.partners.getNoticeEndpoint(delivery.partnerId);
    if (!endpoint?.url) {
      await this.recordAttempt(delivery, { status: 'failed', lastStatusCode: null, lastError: 'The partner has no webhook URL configured.', nextAttemptAt: null }, false);
      return { kind: 'failed' };
    }

    const lease = await this.gate.acquire(delivery.partnerId);
    if (!lease) return { kind: 'busy' };
    const attempt = delivery.attempts + 1;
    let result;
    const started = process.hrtime.bigint();
    try {
      result = await this.sender.send(endpoint.url, endpoint.secret, { eventId: delivery.eventId, type: delivery.type, body: delivery.body, attempt });
    } finally {
      await this.gate.release(delivery.partnerId, lease).catch(() => undefined);
    }

    const outcome = result.ok ? 'delivered' : attempt >= this.config.webhook.maxAttempts ? 'failed' : 'retry';
    webhookDeliveries.inc({ outcome });
    webhookLatency.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);

    if (result.ok) {
      await this.recordAttempt(delivery, { status: 'delivered', lastStatusCode: result.statusCode, lastError: null, nextAttemptAt: null, deliveredAt: new Date() });
      return { kind: 'delivered' };
    }
    if (outcome === 'failed') {
      this.logger.warn(`Webhook delivery ${delivery.id} failed for good after ${attempt} attempts: ${result.error}`);
      await this.recordAttempt(delivery, { status: 'failed', lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: null });
      return { kind: 'failed' };
    }
    const delayMs = retryDelayMs(attempt, this.config.webhook.backoffMs);
    await this.recordAttempt(delivery, { status: 'pending', lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: new Date(Date.now() + delayMs) });
    return { kind: 'retry', delayMs };
  }

  private async recordAttempt(delivery: WebhookDeliveryEntity, changes: Partial<WebhookDeliveryEntity>, counted = true): Promise<void> {
    await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ ...changes, ...(counted ? { attempts: () => 'attempts + 1' } : {}) })
      .where('id = :id', { id: delivery.id })
      .execute();
  }

  async deliveryBelongsTo(deliveryId: string, partnerId: string): Promise<boolean> {
    return isUuid(deliveryId) && (await this.deliveries.existsBy({ id: deliveryId, partnerId }));
  }

  async listDeliveries(partnerId: string, statuses: DeliveryStatus[] | undefined, limit: number, cursor?: string): Promise<Page<DeliveryView>> {
    const query = this.deliveries.createQueryBuilder('d').where('d.partner_id = :partnerId', { partnerId });
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
    return { items: page.map(toDeliveryView), nextCursor: rows.length > limit && last ? this.cursors.encode('deliveries', [last.createdAt.toISOString(), last.id]) : null };
  }

  /**
   * Sends the same event (same eventId, same body) again with a fresh series of
   * attempts. Queued through the outbox like every other notice.
   */
  async requestRedelivery(partnerId: string, deliveryId: string): Promise<DeliveryView> {
    if (!isUuid(deliveryId)) throw new NotFoundError('Delivery');
    const delivery = await this.deliveries.findOneBy({ id: deliveryId, partnerId });
    if (!delivery) throw new NotFoundError('Delivery');
    const now = new Date();
    await this.unitOfWork.run(async (tx, outbox) => {
      await tx.update(WebhookDeliveryEntity, { id: deliveryId }, { status: 'pending', attempts: 0, nextAttemptAt: now });
      await outbox([outboxJob(JobName.RedeliverWebhook, { deliveryId })]);
    });
    return toDeliveryView({ ...delivery, status: 'pending', attempts: 0, nextAttemptAt: now });
  }
}
