var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from "../../accounts/src/index.js";
import { PartnersModule } from "../../partners/src/index.js";
import { MailService } from './mail.service.js';
import { NoticeEmailService } from './notice-email.service.js';
import { SentEmailEntity } from './sent-email.entity.js';
export const MAIL_ENTITIES = [SentEmailEntity];
/** Notice e-mails over SMTP (SMTP_URL). Used by the worker; the API only queues them. */
let MailModule = class MailModule {
};
MailModule = __decorate([
    Module({
        imports: [TypeOrmModule.forFeature(MAIL_ENTITIES), AccountsModule, PartnersModule],
        providers: [MailService, NoticeEmailService],
        exports: [MailService, NoticeEmailService],
    })
], MailModule);
export { MailModule };
//# sourceMappingURL=mail.module.js.map