import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { newId } from '@app/common';
import { purgeByIdRange, type IdRangePurgeOptions } from '@app/database';
import { SentEmailEntity, type SentEmailStatus } from './sent-email.entity.js';

/** Who is sent what: one record per (event, recipient). */
export interface SentEmailKey {
  eventId: string;
  recipient: string;
}

/**
 * The mail module's data access: the only place that knows the sent_emails table (TypeORM: one row per
 * e-mail, not a hot path). A record is what keeps a re-run e-mail job from sending twice.
 */
@Injectable()
export class SentEmailsRepository {
  constructor(
    @InjectRepository(SentEmailEntity) private readonly sent: Repository<SentEmailEntity>,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /** The (event, recipient) record, `pending`, unless it exists already (a re-run keeps the first one). */
  async recordPending(key: SentEmailKey, type: string, now: Date): Promise<void> {
    await this.sent
      .createQueryBuilder()
      .insert()
      .values({
        id: newId(),
        ...key,
        type,
        status: 'pending',
        attempts: 0,
        messageId: null,
        lastError: null,
        claimToken: null,
        claimedUntil: null,
        sentAt: null,
        createdAt: now,
      })
      .orIgnore()
      .execute();
  }

  /** Takes a pending record for this run until `until` unless another run holds it; whether it was taken. */
  async claim(key: SentEmailKey, token: string, now: Date, until: Date): Promise<boolean> {
    const claim = await this.sent
      .createQueryBuilder()
      .update()
      .set({ claimToken: token, claimedUntil: until })
      .where("event_id = :eventId AND recipient = :recipient AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < :now)", { ...key, now })
      .execute();
    return claim.affected === 1;
  }

  async statusOf(key: SentEmailKey): Promise<SentEmailStatus | null> {
    return (await this.sent.findOne({ where: key, select: { id: true, status: true } }))?.status ?? null;
  }

  /** Records how this run's attempt ended, releasing its claim. */
  async finish(
    key: SentEmailKey,
    token: string,
    outcome: { status: 'sent'; messageId: string | null; sentAt: Date } | { status: 'pending' | 'failed'; lastError: string },
  ): Promise<void> {
    const fields =
      outcome.status === 'sent'
        ? { status: outcome.status, messageId: outcome.messageId, lastError: null, sentAt: outcome.sentAt }
        : { status: outcome.status, lastError: outcome.lastError };
    await this.sent.update({ ...key, claimToken: token }, { ...fields, claimToken: null, claimedUntil: null, attempts: () => 'attempts + 1' });
  }

  /**
   * Deletes old records, a primary-key range at a time. One still `pending` (its job retrying) stays whatever its
   * age; finished ones go with the delivery logs (RETENTION_DELIVERIES_DAYS), long after their jobs are gone.
   */
  purge(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(this.db, 'sent_emails', before, "DELETE FROM sent_emails WHERE id >= ? AND id < ? AND status <> 'pending'", options);
  }
}
