import { Inject, Injectable } from '@nestjs/common';
import type { IdRangePurgeOptions } from '@app/database';
import { SentEmailsRepository } from './sent-emails.repository.js';

/** The retention job's way into the mail module: old sent-email records go (SentEmailsRepository.purge says which). */
@Injectable()
export class MailRetention {
  constructor(@Inject(SentEmailsRepository) private readonly sentEmails: SentEmailsRepository) {}

  purgeSentEmails(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return this.sentEmails.purge(before, options);
  }
}
