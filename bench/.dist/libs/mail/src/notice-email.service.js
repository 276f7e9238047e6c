var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
var NoticeEmailService_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccountsService } from "../../accounts/src/index.js";
import { newId } from "../../common/src/index.js";
import { APP_CONFIG } from "../../config/src/index.js";
import { PartnersService } from "../../partners/src/index.js";
import { MailSendError, MailService } from './mail.service.js';
import { SentEmailEntity } from './sent-email.entity.js';
import { noticeLink, renderNoticeEmail } from './templates/notice-email.template.js';
/** How long one run may hold a recipient before another run may take it over (a crashed worker's claim lapses). */
const CLAIM_MS = 2 * 60_000;
/**
 * Notice e-mails: who gets one (resolved now, not when the event happened, so a demoted
 * administrator stops getting them at once), what it says, and that each recipient gets
 * each event once even when the job runs again.
 */
let NoticeEmailService = NoticeEmailService_1 = class NoticeEmailService {
    sent;
    accounts;
    partners;
    mail;
    config;
    logger = new Logger(NoticeEmailService_1.name);
    constructor(sent, accounts, partners, mail, config) {
        this.sent = sent;
        this.accounts = accounts;
        this.partners = partners;
        this.mail = mail;
        this.config = config;
    }
    /** The notice to every active administrator of the seller account. */
    async sendToAdministrators(notice, options) {
        const admins = await this.accounts.administrators(notice.binding.accountId);
        return this.sendToAll(notice, 'seller', admins.map((admin) => ({ email: admin.email, name: admin.name })), options.finalAttempt);
    }
    /** The notice to the partner's contact address (the catalogue's contacts.email). */
    async sendToPartner(notice, options) {
        const partner = await this.partners.getPartner(notice.binding.partnerId);
        const recipients = partner?.contacts.email ? [{ email: partner.contacts.email, name: null }] : [];
        return this.sendToAll(notice, 'partner', recipients, options.finalAttempt);
    }
    async sendToAll(notice, audience, people, finalAttempt) {
        const recipients = [...new Map(people.map((p) => [p.email.trim().toLowerCase(), { ...p, email: p.email.trim().toLowerCase() }])).values()];
        if (recipients.length === 0)
            return { kind: 'done', sent: 0, alreadySent: 0, refused: 0, recipients: 0 };
        const base = await this.context(notice, audience);
        const outcomes = [];
        for (const recipient of recipients) {
            const email = renderNoticeEmail({ ...base, recipientName: recipient.name });
            outcomes.push(await this.sendOnce(notice, recipient.email, finalAttempt, () => this.mail.send({ to: recipient.email, ...email, headers: { 'X-Event-Id': notice.eventId, 'X-Event-Type': notice.type } })));
        }
        const errors = outcomes.flatMap((o) => (typeof o === 'object' ? [o.error] : []));
        if (errors.length > 0)
            return finalAttempt ? { kind: 'failed', error: errors[0] } : { kind: 'retry', error: errors[0] };
        if (outcomes.includes('busy'))
            return { kind: 'busy' };
        const count = (what) => outcomes.filter((o) => o === what).length;
        return { kind: 'done', sent: count('sent'), alreadySent: count('already'), refused: count('refused'), recipients: recipients.length };
    }
    /** Names and the link, looked up once per notice. */
    async context(notice, audience) {
        const { binding } = notice;
        const partner = await this.partners.getPartner(binding.partnerId);
        let actorName = null;
        if (notice.type === 'binding.requested')
            actorName = (await this.accounts.findUser(binding.requestedBy))?.name ?? null;
        if (notice.type === 'binding.cancelled' && binding.cancelledBy)
            actorName = (await this.accounts.findUser(binding.cancelledBy))?.name ?? null;
        if ((notice.type === 'binding.confirmed' || notice.type === 'binding.declined') && binding.respondedBy) {
            actorName = (await this.partners.findUser(binding.respondedBy))?.name ?? null;
        }
        return {
            audience,
            type: notice.type,
            accountName: notice.account.name,
            partnerName: partner?.name ?? 'The partner',
            actorName,
            declineReason: binding.declineReason,
            expiresAt: binding.expiresAt,
            occurredAt: notice.occurredAt,
            link: noticeLink(this.config.publicBaseUrl, audience, binding),
        };
    }
    /**
     * Sends to one recipient unless it already has this event: the (event, recipient) row is
     * claimed with a conditional UPDATE first, so two runs of the same job never both send.
     */
    async sendOnce(notice, recipient, finalAttempt, send) {
        const now = new Date();
        await this.sent
            .createQueryBuilder()
            .insert()
            .values({ id: newId(), eventId: notice.eventId, recipient, type: notice.type, status: 'pending', attempts: 0, messageId: null, lastError: null, claimToken: null, claimedUntil: null, sentAt: null, createdAt: now })
            .orIgnore()
            .execute();
        const token = newId();
        const claim = await this.sent
            .createQueryBuilder()
            .update()
            .set({ claimToken: token, claimedUntil: new Date(now.getTime() + CLAIM_MS) })
            .where("event_id = :eventId AND recipient = :recipient AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < :now)", { eventId: notice.eventId, recipient, now })
            .execute();
        if (claim.affected !== 1) {
            const row = await this.sent.findOne({ where: { eventId: notice.eventId, recipient }, select: { id: true, status: true } });
            return row?.status === 'pending' ? 'busy' : 'already';
        }
        const mine = { eventId: notice.eventId, recipient, claimToken: token };
        try {
            const { messageId } = await send();
            await this.sent.update(mine, { status: 'sent', messageId: messageId.slice(0, 255) || null, lastError: null, sentAt: new Date(), claimToken: null, claimedUntil: null, attempts: () => 'attempts + 1' });
            return 'sent';
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            const permanent = error instanceof MailSendError && error.permanent;
            const status = permanent || finalAttempt ? 'failed' : 'pending';
            await this.sent.update(mine, { status, lastError: message.slice(0, 1000), claimToken: null, claimedUntil: null, attempts: () => 'attempts + 1' });
            if (permanent) {
                this.logger.warn(`The mail server refused the ${notice.type} e-mail to ${recipient} for good: ${message}`);
                return 'refused';
            }
            return { error: message };
        }
    }
};
NoticeEmailService = NoticeEmailService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(SentEmailEntity)),
    __param(1, Inject(AccountsService)),
    __param(2, Inject(PartnersService)),
    __param(3, Inject(MailService)),
    __param(4, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [Repository,
        AccountsService,
        PartnersService,
        MailService, Object])
], NoticeEmailService);
export { NoticeEmailService };
//# sourceMappingURL=notice-email.service.js.map