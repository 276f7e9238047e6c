import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '@app/partners';
import { NotificationsService } from './notifications.service.js';
import { PartnerGate } from './partner-gate.js';
import { NotificationsRetention } from './retention.js';
import { SellerNoticeEntity } from './seller-notice.entity.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookSender } from './webhook-sender.js';

export const NOTIFICATIONS_ENTITIES = [WebhookDeliveryEntity, SellerNoticeEntity];

@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES), PartnersModule],
  providers: [NotificationsService, PartnerGate, WebhookSender, NotificationsRetention],
  exports: [NotificationsService, NotificationsRetention],
})
export class NotificationsModule {}
