import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Sql } from '@app/database';
import { SellerWebhookEntity } from './seller-webhook.entity.js';

/** A seller account's webhook as stored: its URL and the sealed signing secret. */
export interface SellerWebhookRecord {
  accountId: string;
  url: string;
  sealedSecret: string;
}

interface SellerWebhookRow {
  account_id: string;
  url: string;
  secret: string;
}

const toRecord = (row: SellerWebhookRow): SellerWebhookRecord => ({ accountId: row.account_id, url: row.url, sealedSecret: row.secret });

/**
 * Seller accounts' webhook endpoints' data access (seller_webhooks): the only place that knows its
 * columns. The read runs for every notice to a seller (most accounts have none), so it is plain SQL;
 * the settings' writes go through TypeORM (not hot).
 */
@Injectable()
export class SellerWebhooksRepository {
  constructor(
    @InjectRepository(SellerWebhookEntity) private readonly webhooks: Repository<SellerWebhookEntity>,
    @Inject(Sql) private readonly sql: Sql,
  ) {}

  async find(accountId: string): Promise<SellerWebhookRecord | null> {
    const [row] = await this.sql.select<SellerWebhookRow>('SELECT account_id, url, secret FROM seller_webhooks WHERE account_id = ? LIMIT 1', [accountId]);
    return row ? toRecord(row) : null;
  }

  /** The URL alone (what the settings show; the secret is never shown again). */
  async findUrl(accountId: string): Promise<string | null> {
    const [row] = await this.sql.select<{ url: string }>('SELECT url FROM seller_webhooks WHERE account_id = ? LIMIT 1', [accountId]);
    return row?.url ?? null;
  }

  /** False when the account has no webhook yet. */
  async updateUrl(accountId: string, url: string, at: Date): Promise<boolean> {
    const result = await this.webhooks.update({ accountId }, { url, updatedAt: at });
    return Boolean(result.affected);
  }

  /** Throws the driver's duplicate-key error when the account has one already (a concurrent first call). */
  async insert(webhook: SellerWebhookRecord, at: Date): Promise<void> {
    await this.webhooks.insert({ accountId: webhook.accountId, url: webhook.url, secret: webhook.sealedSecret, createdAt: at, updatedAt: at });
  }

  /** False when the account has no webhook yet. */
  async updateSecret(accountId: string, sealedSecret: string, at: Date): Promise<boolean> {
    const result = await this.webhooks.update({ accountId }, { secret: sealedSecret, updatedAt: at });
    return Boolean(result.affected);
  }
}
