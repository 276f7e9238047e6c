import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountsService } from '@app/accounts';
import { newId } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnersService } from '@app/partners';
import type { BindingNotice } from '@app/notifications';
import { MailSendError, MailService } from './mail.service.js';
import { SentEmailsRepository } from './sent-emails.repository.js';
import { noticeLink, renderNoticeEmail, type NoticeEmailContext } from './templates/notice-email.template.js';

/** How long one run may hold a recipient before another run may take it over (a crashed worker's claim lapses). */
const CLAIM_MS = 2 * 60_000;

/** What sending one notice came to; the processor turns it into BullMQ's terms. */
export type NoticeEmailOutcome =
  /** Every recipient has it now or has refused it for good. */
  | { kind: 'done'; sent: number; alreadySent: number; refused: number; recipients: number }
  /** Some recipients could not be reached yet; a later run sends to those only. */
  | { kind: 'retry'; error: string }
  /** The last attempt failed for some recipients; they are recorded as failed. */
  | { kind: 'failed'; error: string }
  /** Another run of the same job is sending right now. */
  | { kind: 'busy' };

type RecipientOutcome = 'sent' | 'already' | 'refused' | 'busy' | { error: string };

interface Recipient {
  email: string;
  name: string | null;
}

/**
 * Notice e-mails: who gets one (resolved now, not when the event happened, so a demoted
 * administrator stops getting them at once), what it says, and that each recipient gets
 * each event once even when the job runs again.
 */
@Injectable()
export class NoticeEmailService {
  private readonly logger = new Logger(NoticeEmailService.name);

  constructor(
    @Inject(SentEmailsRepository) private readonly sentEmails: SentEmailsRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(MailService) private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The notice to every active administrator of the seller account. */
  async sendToAdministrators(notice: BindingNotice, options: { finalAttempt: boolean }): Promise<NoticeEmailOutcome> {
    const admins = await this.accounts.administrators(notice.binding.accountId);
    return this.sendToAll(
      notice,
      'seller',
      admins.map((admin) => ({ email: admin.email, name: admin.name })),
      options.finalAttempt,
    );
  }

  /** The notice to the partner's contact address (the catalogue's contacts.email). */
  async sendToPartner(notice: BindingNotice, options: { finalAttempt: boolean }): Promise<NoticeEmailOutcome> {
    const partner = await this.partners.getPartner(notice.binding.partnerId);
    const recipients = partner?.contacts.email ? [{ email: partner.contacts.email, name: null }] : [];
    return this.sendToAll(notice, 'partner', recipients, options.finalAttempt);
  }

  private async sendToAll(notice: BindingNotice, audience: 'seller' | 'partner', people: Recipient[], finalAttempt: boolean): Promise<NoticeEmailOutcome> {
    const recipients = [...new Map(people.map((p) => [p.email.trim().toLowerCase(), { ...p, email: p.email.trim().toLowerCase() }])).values()];
    if (recipients.length === 0) return { kind: 'done', sent: 0, alreadySent: 0, refused: 0, recipients: 0 };

    const base = await this.context(notice, audience);
    const outcomes: RecipientOutcome[] = [];
    for (const recipient of recipients) {
      const email = renderNoticeEmail({ ...base, recipientName: recipient.name });
      outcomes.push(
        await this.sendOnce(notice, recipient.email, finalAttempt, () =>
          this.mail.send({ to: recipient.email, ...email, headers: { 'X-Event-Id': notice.eventId, 'X-Event-Type': notice.type } }),
        ),
      );
    }

    const errors = outcomes.flatMap((o) => (typeof o === 'object' ? [o.error] : []));
    if (errors.length > 0) return finalAttempt ? { kind: 'failed', error: errors[0]! } : { kind: 'retry', error: errors[0]! };
    if (outcomes.includes('busy')) return { kind: 'busy' };
    const count = (what: RecipientOutcome) => outcomes.filter((o) => o === what).length;
    return { kind: 'done', sent: count('sent'), alreadySent: count('already'), refused: count('refused'), recipients: recipients.length };
  }

  /** Names and the link, looked up once per notice. */
  private async context(notice: BindingNotice, audience: 'seller' | 'partner'): Promise<Omit<NoticeEmailContext, 'recipientName'>> {
    const { binding } = notice;
    const partner = await this.partners.getPartner(binding.partnerId);
    let actorName: string | null = null;
    if (notice.type === 'binding.requested') actorName = (await this.accounts.findUser(binding.requestedBy))?.name ?? null;
    if (notice.type === 'binding.cancelled' && binding.cancelledBy) actorName = (await this.accounts.findUser(binding.cancelledBy))?.name ?? null;
    if ((notice.type === 'binding.confirmed' || notice.type === 'binding.declined') && binding.respondedBy) {
      actorName = (await this.partners.findUser(binding.respondedBy))?.name ?? null;
    }
    // The partner user who ended it is the audit event's actor, not a field of the binding: name no one.
    return {
      audience,
      type: notice.type,
      accountName: notice.account.name,
      partnerName: partner?.name ?? 'The partner',
      actorName,
      declineReason: binding.declineReason,
      terminationReason: binding.terminationReason ?? null,
      scopes: binding.scopes ?? [],
      expiresAt: binding.expiresAt,
      endsAt: binding.endsAt ?? null,
      occurredAt: notice.occurredAt,
      link: noticeLink(this.config.publicBaseUrl, audience, binding),
    };
  }

  /**
   * Sends to one recipient unless it already has this event: the (event, recipient) row is
   * claimed with a conditional UPDATE first, so two runs of the same job never both send.
   */
  private async sendOnce(
    notice: BindingNotice,
    recipient: string,
    finalAttempt: boolean,
    send: () => Promise<{ messageId: string }>,
  ): Promise<RecipientOutcome> {
    const now = new Date();
    const key = { eventId: notice.eventId, recipient };
    await this.sentEmails.recordPending(key, notice.type, now);
    const token = newId();
    if (!(await this.sentEmails.claim(key, token, now, new Date(now.getTime() + CLAIM_MS)))) {
      return (await this.sentEmails.statusOf(key)) === 'pending' ? 'busy' : 'already';
    }

    try {
      const { messageId } = await send();
      await this.sentEmails.finish(key, token, { status: 'sent', messageId: messageId.slice(0, 255) || null, sentAt: new Date() });
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof MailSendError && error.permanent;
      await this.sentEmails.finish(key, token, { status: permanent || finalAttempt ? 'failed' : 'pending', lastError: message.slice(0, 1000) });
      if (permanent) {
        this.logger.warn(`The mail server refused the ${notice.type} e-mail to ${recipient} for good: ${message}`);
        return 'refused';
      }
      return { error: message };
    }
  }
}
