var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from "../../partners/src/index.js";
import { NotificationsService } from './notifications.service.js';
import { PartnerGate } from './partner-gate.js';
import { SellerNoticeEntity } from './seller-notice.entity.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookSender } from './webhook-sender.js';
export const NOTIFICATIONS_ENTITIES = [WebhookDeliveryEntity, SellerNoticeEntity];
let NotificationsModule = class NotificationsModule {
};
NotificationsModule = __decorate([
    Module({
        imports: [TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES), PartnersModule],
        providers: [NotificationsService, PartnerGate, WebhookSender],
        exports: [NotificationsService],
    })
], NotificationsModule);
export { NotificationsModule };
//# sourceMappingURL=notifications.module.js.map