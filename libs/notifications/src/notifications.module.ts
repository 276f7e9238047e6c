import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '@app/partners';
import { EndpointGate } from './endpoint-gate.js';
import { NotificationsService } from './notifications.service.js';
import { ParkedJobs } from './parked-jobs.js';
import { NotificationsRetention } from './retention.js';
import { SellerNoticeEntity } from './seller-notice.entity.js';
import { SellerNoticesRepository } from './seller-notices.repository.js';
import { SellerWebhookEntity } from './seller-webhook.entity.js';
import { SellerWebhooksRepository } from './seller-webhooks.repository.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookDeliveries } from './webhook-deliveries.service.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookEndpoints } from './webhook-endpoints.js';
import { WebhookSender } from './webhook-sender.js';

/** The tables' definitions, for the migrations and the drift check; the data access is the repositories'. */
export const NOTIFICATIONS_ENTITIES = [WebhookDeliveryEntity, SellerNoticeEntity, SellerWebhookEntity];

@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES), PartnersModule],
  providers: [
    WebhookDeliveriesRepository,
    SellerNoticesRepository,
    SellerWebhooksRepository,
    NotificationsService,
    WebhookDeliveries,
    WebhookEndpoints,
    EndpointGate,
    ParkedJobs,
    WebhookSender,
    NotificationsRetention,
  ],
  exports: [NotificationsService, WebhookDeliveries, WebhookEndpoints, NotificationsRetention],
})
export class NotificationsModule {}
