export { NotificationsModule, NOTIFICATIONS_ENTITIES } from './notifications.module.js';
export { NotificationsService, webhookBody } from './notifications.service.js';
export { signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { retryDelayMs, MAX_RETRY_WAIT_MS } from './retry-policy.js';
//# sourceMappingURL=index.js.map