var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
var NotificationsService_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CursorCodec, NotFoundError, isUuid, newId, webhookDeliveries, webhookLatency } from "../../common/src/index.js";
import { APP_CONFIG } from "../../config/src/index.js";
import { UnitOfWork } from "../../database/src/index.js";
import { PartnersService } from "../../partners/src/index.js";
import { JobName, outboxJob } from "../../queue/src/index.js";
import { PartnerGate } from './partner-gate.js';
import { retryDelayMs } from './retry-policy.js';
import { SellerNoticeEntity } from './seller-notice.entity.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookSender } from './webhook-sender.js';
const iso = (date) => (date ? date.toISOString() : null);
const toDeliveryView = (d) => ({
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
const toNoticeView = (n) => ({
    id: n.id,
    type: n.type,
    bindingId: n.bindingId,
    partnerId: n.partnerId,
    createdAt: n.createdAt.toISOString(),
    readAt: iso(n.readAt),
});
/** The webhook body (SPEC §7), serialised once so every attempt sends the same bytes. */
export function webhookBody(notice) {
    return JSON.stringify({ id: notice.eventId, type: notice.type, createdAt: notice.occurredAt, data: { binding: notice.binding, account: notice.account } });
}
/**
 * Delivers notices: partner webhooks (signed, retried, logged) and seller in-app
 * notices. Everything here runs from jobs and is safe to run twice for one event.
 */
let NotificationsService = NotificationsService_1 = class NotificationsService {
    deliveries;
    notices;
    unitOfWork;
    partners;
    gate;
    sender;
    config;
    logger = new Logger(NotificationsService_1.name);
    cursors;
    constructor(deliveries, notices, unitOfWork, partners, gate, sender, config) {
        this.deliveries = deliveries;
        this.notices = notices;
        this.unitOfWork = unitOfWork;
        this.partners = partners;
        this.gate = gate;
        this.sender = sender;
        this.config = config;
        this.cursors = new CursorCodec(config.jwtSecret);
    }
    // ---- seller in-app notices ------------------------------------------------------------
    async recordSellerNotice(notice) {
        await this.notices
            .createQueryBuilder()
            .insert()
            .values({ id: notice.eventId, accountId: notice.binding.accountId, type: notice.type, bindingId: notice.binding.id, partnerId: notice.binding.partnerId, createdAt: new Date(notice.occurredAt), readAt: null })
            .orIgnore()
            .execute();
    }
    async listSellerNotices(accountId, limit, cursor) {
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
    async noticeBelongsTo(noticeId, accountId) {
        return isUuid(noticeId) && (await this.notices.existsBy({ id: noticeId, accountId }));
    }
    async markSellerNoticeRead(accountId, noticeId) {
        if (!isUuid(noticeId))
            throw new NotFoundError('Notification');
        const notice = await this.notices.findOneBy({ id: noticeId, accountId });
        if (!notice)
            throw new NotFoundError('Notification');
        if (!notice.readAt) {
            notice.readAt = new Date();
            await this.notices.update({ id: noticeId, accountId }, { readAt: notice.readAt });
        }
        return toNoticeView(notice);
    }
    // ---- partner webhooks -----------------------------------------------------------------
    /** The delivery for this notice, created on first sight (a re-run job finds the same one). */
    async openDelivery(notice) {
        await this.deliveries
            .createQueryBuilder()
            .insert()
            .values({
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
        })
            .orIgnore()
            .execute();
        const delivery = await this.deliveries.findOne({ where: { eventId: notice.eventId }, select: { id: true } });
        if (!delivery)
            throw new Error(`Delivery for event ${notice.eventId} vanished`);
        return delivery.id;
    }
    /** One attempt at a pending delivery: send, then record what happened. */
    async attemptDelivery(deliveryId) {
        const delivery = await this.deliveries.findOneBy({ id: deliveryId });
        if (!delivery || delivery.status !== 'pending')
            return { kind: 'skipped' };
        const endpoint = await this.partners.getNoticeEndpoint(delivery.partnerId);
        if (!endpoint?.url) {
            await this.recordAttempt(delivery, { status: 'failed', lastStatusCode: null, lastError: 'The partner has no webhook URL configured.', nextAttemptAt: null }, false);
            return { kind: 'failed' };
        }
        const lease = await this.gate.acquire(delivery.partnerId);
        if (!lease)
            return { kind: 'busy' };
        const attempt = delivery.attempts + 1;
        let result;
        const started = process.hrtime.bigint();
        try {
            result = await this.sender.send(endpoint.url, endpoint.secret, { eventId: delivery.eventId, type: delivery.type, body: delivery.body, attempt });
        }
        finally {
            await this.gate.release(delivery.partnerId, lease).catch(() => undefined);
        }
        const outcome = result.ok ? 'delivered' : attempt >= this.config.webhook.maxAttempts ? 'failed' : 'retry';
        webhookDeliveries.inc({ outcome });
        webhookLatency.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
        if (result.ok) {
            await this.recordAttempt(delivery, { status: 'delivered', lastStatusCode: result.statusCode, lastError: null, nextAttemptAt: null, deliveredAt: new Date() });
            return { kind: 'delivered' };
        }
        if (attempt >= this.config.webhook.maxAttempts) {
            this.logger.warn(`Webhook delivery ${delivery.id} failed for good after ${attempt} attempts: ${result.error}`);
            await this.recordAttempt(delivery, { status: 'failed', lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: null });
            return { kind: 'failed' };
        }
        const delayMs = retryDelayMs(attempt, this.config.webhook.backoffMs);
        await this.recordAttempt(delivery, { status: 'pending', lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: new Date(Date.now() + delayMs) });
        return { kind: 'retry', delayMs };
    }
    async recordAttempt(delivery, changes, counted = true) {
        await this.deliveries
            .createQueryBuilder()
            .update()
            .set({ ...changes, ...(counted ? { attempts: () => 'attempts + 1' } : {}) })
            .where('id = :id', { id: delivery.id })
            .execute();
    }
    async deliveryBelongsTo(deliveryId, partnerId) {
        return isUuid(deliveryId) && (await this.deliveries.existsBy({ id: deliveryId, partnerId }));
    }
    async listDeliveries(partnerId, statuses, limit, cursor) {
        const query = this.deliveries.createQueryBuilder('d').where('d.partner_id = :partnerId', { partnerId });
        if (statuses && statuses.length > 0)
            query.andWhere('d.status IN (:...statuses)', { statuses });
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
    async requestRedelivery(partnerId, deliveryId) {
        if (!isUuid(deliveryId))
            throw new NotFoundError('Delivery');
        const delivery = await this.deliveries.findOneBy({ id: deliveryId, partnerId });
        if (!delivery)
            throw new NotFoundError('Delivery');
        const now = new Date();
        await this.unitOfWork.run(async (tx, outbox) => {
            await tx.update(WebhookDeliveryEntity, { id: deliveryId }, { status: 'pending', attempts: 0, nextAttemptAt: now });
            await outbox([outboxJob(JobName.RedeliverWebhook, { deliveryId })]);
        });
        return toDeliveryView({ ...delivery, status: 'pending', attempts: 0, nextAttemptAt: now });
    }
};
NotificationsService = NotificationsService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(WebhookDeliveryEntity)),
    __param(1, InjectRepository(SellerNoticeEntity)),
    __param(2, Inject(UnitOfWork)),
    __param(3, Inject(PartnersService)),
    __param(4, Inject(PartnerGate)),
    __param(5, Inject(WebhookSender)),
    __param(6, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        UnitOfWork,
        PartnersService,
        PartnerGate,
        WebhookSender, Object])
], NotificationsService);
export { NotificationsService };
//# sourceMappingURL=notifications.service.js.map