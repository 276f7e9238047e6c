export { NotificationsModule, NOTIFICATIONS_ENTITIES } from './notifications.module.js';
export { NotificationsService, webhookBody, type AttemptOutcome, type DeliveryView, type SellerNoticeView } from './notifications.service.js';
export type { DeliveryStatus } from './webhook-delivery.entity.js';
export { NotificationsRetention } from './retention.js';
export { signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { retryDelayMs, MAX_RETRY_WAIT_MS } from './retry-policy.js';
