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
import { Inject } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { NotificationsService } from "../../../../libs/notifications/src/index.js";
import { JobName, QueueName } from "../../../../libs/queue/src/index.js";
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { backoffStrategy } from './retry-later.js';
/** Records seller in-app notices (idempotent: the notice id is the event id). */
let SellerNoticeProcessor = class SellerNoticeProcessor extends RequestScopedWorkerHost {
    notifications;
    static handles = [JobName.RecordSellerNotice];
    constructor(notifications) {
        super();
        this.notifications = notifications;
    }
    async handle(job) {
        await this.notifications.recordSellerNotice(job.data);
    }
};
SellerNoticeProcessor = __decorate([
    Processor(QueueName.SellerNotices, { concurrency: 8, settings: { backoffStrategy } }),
    __param(0, Inject(NotificationsService)),
    __metadata("design:paramtypes", [NotificationsService])
], SellerNoticeProcessor);
export { SellerNoticeProcessor };
//# sourceMappingURL=seller-notice.processor.js.map