export { NotificationsModule, NOTIFICATIONS_ENTITIES } from './notifications.module.js';
export { NotificationsService, type SellerNoticeView } from './notifications.service.js';
export { WebhookDeliveries, webhookBody, PING_EVENT_TYPE, type AttemptOutcome, type DeliveryView } from './webhook-deliveries.service.js';
export { WebhookEndpoints, type WebhookEndpoint } from './webhook-endpoints.js';
export { ENDPOINT_OWNER_KINDS, accountOwner, partnerOwner, type EndpointOwner, type EndpointOwnerKind } from './endpoint-owner.js';
export { DELIVERY_STATUSES, type DeliveryStatus } from './webhook-delivery.entity.js';
export { signWebhook } from './webhook-signature.js';
export { NotificationsRetention } from './retention.js';
export { retryDelayMs, MAX_RETRY_WAIT_MS } from './retry-policy.js';
