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
var PartnerWebhookProcessor_1;
import { Inject, Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { DelayedError } from 'bullmq';
import { APP_CONFIG } from "../../../../libs/config/src/index.js";
import { NotificationsService } from "../../../../libs/notifications/src/index.js";
import { JobName, QueueName } from "../../../../libs/queue/src/index.js";
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { RetryLater, backoffStrategy } from './retry-later.js';
/** Delivers partner webhooks, one attempt per run; BullMQ schedules the retries. */
let PartnerWebhookProcessor = class PartnerWebhookProcessor extends RequestScopedWorkerHost {
    static { PartnerWebhookProcessor_1 = this; }
    notifications;
    config;
    static handles = [JobName.DeliverWebhook, JobName.RedeliverWebhook];
    logger = new Logger(PartnerWebhookProcessor_1.name);
    constructor(notifications, config) {
        super();
        this.notifications = notifications;
        this.config = config;
    }
    onModuleInit() {
        // Deliveries mostly wait on the network, so many run at once; one partner gets at most
        // WEBHOOK_PER_PARTNER_CONCURRENCY of them (PartnerGate).
        this.worker.concurrency = this.config.webhook.workerConcurrency;
    }
    async handle(job, token) {
        const deliveryId = job.name === JobName.DeliverWebhook
            ? await this.notifications.openDelivery(job.data)
            : job.data.deliveryId;
        const outcome = await this.notifications.attemptDelivery(deliveryId);
        switch (outcome.kind) {
            case 'busy':
                // This partner already has its share in flight: step aside without using an attempt.
                await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), token);
                throw new DelayedError();
            case 'retry':
                throw new RetryLater(outcome.delayMs, 'webhook not acknowledged; retrying on schedule');
            default:
                if (outcome.kind === 'failed')
                    this.logger.warn(`Delivery ${deliveryId} is failed; the partner can redeliver it.`);
                return outcome.kind;
        }
    }
};
PartnerWebhookProcessor = PartnerWebhookProcessor_1 = __decorate([
    Processor(QueueName.PartnerWebhooks, { settings: { backoffStrategy } }),
    __param(0, Inject(NotificationsService)),
    __param(1, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [NotificationsService, Object])
], PartnerWebhookProcessor);
export { PartnerWebhookProcessor };
//# sourceMappingURL=partner-webhook.processor.js.map