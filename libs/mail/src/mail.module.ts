import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { PartnersModule } from '@app/partners';
import { MailService } from './mail.service.js';
import { NoticeEmailService } from './notice-email.service.js';
import { MailRetention } from './retention.js';
import { SentEmailEntity } from './sent-email.entity.js';
import { SentEmailsRepository } from './sent-emails.repository.js';

export const MAIL_ENTITIES = [SentEmailEntity];

/** Notice e-mails over SMTP (SMTP_URL). Used by the worker; the API only queues them. */
@Module({
  imports: [TypeOrmModule.forFeature(MAIL_ENTITIES), AccountsModule, PartnersModule],
  providers: [MailService, NoticeEmailService, MailRetention, SentEmailsRepository],
  exports: [MailService, NoticeEmailService, MailRetention],
})
export class MailModule {}
