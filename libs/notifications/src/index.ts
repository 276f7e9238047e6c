export { NotificationsModule, NOTIFICATIONS_ENTITIES } from './notifications.module.js';
export { NotificationsService, webhookBody, type AttemptOutcome, type DeliveryView, type SellerNoticeView } from './notifications.service.js';
export { DELIVERY_STATUSES, type DeliveryStatus } from './webhook-delivery.entity.js';
export { signWebhook } from './webhook-signature.js';
export { NotificationsRetention } from './retention.js';
export { retryDelayMs, MAX_RETRY_WAIT_MS } from './retry-policy.js';
export { NOTICE_TYPES, type NoticeType, type NoticeBinding, type BindingNotice } from './notice.js';
export { NOTICE_CHANNELS, NOTICE_ROUTES, NOTICE_EVENT, noticeEvent, noticeJobs, enabledChannels, type NoticeChannel, type NoticeJob } from './notice-routes.js';
