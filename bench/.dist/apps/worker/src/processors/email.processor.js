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
var EmailProcessor_1;
import { Inject, Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { APP_CONFIG } from "../../../../libs/config/src/index.js";
import { NoticeEmailService } from "../../../../libs/mail/src/index.js";
import { retryDelayMs } from "../../../../libs/notifications/src/index.js";
import { JobName, QueueName } from "../../../../libs/queue/src/index.js";
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { RetryLater, backoffStrategy } from './retry-later.js';
/**
 * Sends notice e-mails, one pass over the recipients per run. Recipients who already have
 * the event are skipped, so a retry after a partial failure reaches only the rest; retries
 * follow the webhook schedule (WEBHOOK_BACKOFF_MS × 3^(n−1), up to WEBHOOK_MAX_ATTEMPTS).
 */
let EmailProcessor = class EmailProcessor extends RequestScopedWorkerHost {
    static { EmailProcessor_1 = this; }
    emails;
    config;
    static handles = [JobName.EmailSellerNotice, JobName.EmailPartnerNotice];
    logger = new Logger(EmailProcessor_1.name);
    constructor(emails, config) {
        super();
        this.emails = emails;
        this.config = config;
    }
    async handle(job, token) {
        const attempt = job.attemptsMade + 1;
        const finalAttempt = attempt >= this.config.webhook.maxAttempts;
        const outcome = job.name === JobName.EmailSellerNotice
            ? await this.emails.sendToAdministrators(job.data, { finalAttempt })
            : await this.emails.sendToPartner(job.data, { finalAttempt });
        switch (outcome.kind) {
            case 'busy':
                // Another run of this job holds a recipient: step aside without using an attempt.
                await job.moveToDelayed(Date.now() + 1000, token);
                throw new DelayedError();
            case 'retry':
                throw new RetryLater(retryDelayMs(attempt, this.config.webhook.backoffMs), `e-mail not accepted yet (${outcome.error}); retrying on schedule`);
            case 'failed':
                this.logger.warn(`Giving up on ${job.name} for event ${job.data.eventId} after ${attempt} attempts: ${outcome.error}`);
                throw new UnrecoverableError(outcome.error);
            default:
                return outcome;
        }
    }
};
EmailProcessor = EmailProcessor_1 = __decorate([
    Processor(QueueName.Email, { concurrency: 8, settings: { backoffStrategy } }),
    __param(0, Inject(NoticeEmailService)),
    __param(1, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [NoticeEmailService, Object])
], EmailProcessor);
export { EmailProcessor };
//# sourceMappingURL=email.processor.js.map