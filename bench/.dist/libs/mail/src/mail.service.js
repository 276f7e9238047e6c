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
import { Inject, Injectable } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { APP_CONFIG } from "../../config/src/index.js";
/** Why a send did not go through, and whether trying again can help. */
export class MailSendError extends Error {
    permanent;
    constructor(message, 
    /** The server refused this recipient or message for good (5xx at RCPT/DATA): retrying cannot help. */
    permanent) {
        super(message);
        this.permanent = permanent;
        this.name = 'MailSendError';
    }
}
/**
 * Sends e-mail through SMTP_URL with nodemailer. One connection per message: notice
 * e-mails are few, and a fresh connection recovers by itself from a restarted relay.
 */
let MailService = class MailService {
    config;
    transporter;
    constructor(config) {
        this.config = config;
        this.transporter = config.smtpUrl
            ? createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }, { from: config.mailFrom })
            : null;
    }
    /** False when SMTP_URL is unset: nothing can be sent. */
    get configured() {
        return this.transporter !== null;
    }
    /** Sends one message; resolves with the server's message id or throws MailSendError. */
    async send(email) {
        if (!this.transporter)
            throw new MailSendError('SMTP_URL is not set in this process, so e-mail cannot be sent.', false);
        try {
            const info = await this.transporter.sendMail({ to: email.to, subject: email.subject, text: email.text, html: email.html, headers: email.headers });
            return { messageId: String(info.messageId ?? '') };
        }
        catch (error) {
            const { code, responseCode, message } = error;
            // Only a refusal of this recipient or message is final; connection, greeting and
            // authentication problems are the relay's (or our configuration's) and may pass.
            const permanent = (code === 'EENVELOPE' || code === 'EMESSAGE') && responseCode !== undefined && responseCode >= 500 && responseCode < 600;
            throw new MailSendError(`${code ?? 'ERROR'}${responseCode ? ` ${responseCode}` : ''}: ${message ?? String(error)}`.slice(0, 1000), permanent);
        }
    }
    onApplicationShutdown() {
        this.transporter?.close();
    }
};
MailService = __decorate([
    Injectable(),
    __param(0, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [Object])
], MailService);
export { MailService };
//# sourceMappingURL=mail.service.js.map