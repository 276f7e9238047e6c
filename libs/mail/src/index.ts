export { MailModule, MAIL_ENTITIES } from './mail.module.js';
export { MailService, MailSendError, type OutgoingEmail } from './mail.service.js';
export { NoticeEmailService, type NoticeEmailOutcome } from './notice-email.service.js';
export { renderNoticeEmail, noticeLink, formatTime, type NoticeEmailContext, type RenderedEmail } from './templates/notice-email.template.js';
export type { SentEmailStatus } from './sent-email.entity.js';
export { MailRetention } from './retention.js';
