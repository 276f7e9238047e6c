import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@app/config';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. the event id so a reader's tooling can de-duplicate. */
  headers?: Record<string, string>;
}

/** Why a send did not go through, and whether trying again can help. */
export class MailSendError extends Error {
  constructor(
    message: string,
    /** The server refused this recipient or message for good (5xx at RCPT/DATA): retrying cannot help. */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

/**
 * Sends e-mail through SMTP_URL with nodemailer. One connection per message: notice
 * e-mails are few, and a fresh connection recovers by itself from a restarted relay.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transporter: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transporter = config.smtpUrl
      ? createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }, { from: config.mailFrom })
      : null;
  }

  /** False when SMTP_URL is unset: nothing can be sent. */
  get configured(): boolean {
    return this.transporter !== null;
  }

  /** Sends one message; resolves with the server's message id or throws MailSendError. */
  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (!this.transporter) throw new MailSendError('SMTP_URL is not set in this process, so e-mail cannot be sent.', false);
    try {
      const info = await this.transporter.sendMail({ to: email.to, subject: email.subject, text: email.text, html: email.html, headers: email.headers });
      return { messageId: String(info.messageId ?? '') };
    } catch (error) {
      const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
      // Only a refusal of this recipient or message is final; connection, greeting and
      // authentication problems are the relay's (or our configuration's) and may pass.
      const permanent = (code === 'EENVELOPE' || code === 'EMESSAGE') && responseCode !== undefined && responseCode >= 500 && responseCode < 600;
      throw new MailSendError(`${code ?? 'ERROR'}${responseCode ? ` ${responseCode}` : ''}: ${message ?? String(error)}`.slice(0, 1000), permanent);
    }
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
