export { MailModule, MAIL_ENTITIES } from './mail.module.js';
export { MailService, MailSendError } from './mail.service.js';
export { NoticeEmailService } from './notice-email.service.js';
export { renderNoticeEmail, noticeLink, formatTime } from './templates/notice-email.template.js';
//# sourceMappingURL=index.js.map