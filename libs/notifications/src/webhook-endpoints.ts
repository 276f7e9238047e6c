import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { InvalidStateError, SecretBox, rowSecretContext } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isDuplicateKey } from '@app/database';
import { PartnersService, WebhookHostResolver, loopbackWebhooksAllowed, newWebhookSecret, validateWebhookUrl } from '@app/partners';
import type { EndpointOwner } from './endpoint-owner.js';
import { SellerWebhookEntity } from './seller-webhook.entity.js';

/** Where and how to tell an owner about an event: its URL (null: none set) and signing secret. */
export interface WebhookEndpoint {
  url: string | null;
  secret: string;
}

/** The seal of a seller webhook secret is bound to its account. */
const sellerSecretContext = (accountId: string) => rowSecretContext('seller_webhooks', 'secret', accountId);

/**
 * Every owner's webhook endpoint: partners' come from the partner record; seller accounts' are kept
 * here (URL checked by the partners' SSRF rules, secret sealed with SECRETS_KEY like partners' secrets).
 */
@Injectable()
export class WebhookEndpoints {
  private readonly hosts: WebhookHostResolver;

  constructor(
    @InjectRepository(SellerWebhookEntity) private readonly sellerWebhooks: Repository<SellerWebhookEntity>,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(SecretBox) private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.hosts = new WebhookHostResolver({ servers: config.webhook.dnsServers, timeoutMs: config.webhook.dnsTimeoutMs });
  }

  /** The owner's endpoint; null when the owner is gone (a seller account without a webhook has none). */
  async endpointOf(owner: EndpointOwner): Promise<WebhookEndpoint | null> {
    if (owner.kind === 'partner') return this.partners.getNoticeEndpoint(owner.id);
    const row = await this.sellerWebhooks.findOneBy({ accountId: owner.id });
    return row ? { url: row.url, secret: this.secrets.open(row.secret, sellerSecretContext(row.accountId)) } : null;
  }

  async sellerWebhook(accountId: string): Promise<{ url: string | null }> {
    const row = await this.sellerWebhooks.findOne({ where: { accountId }, select: { accountId: true, url: true } });
    return { url: row?.url ?? null };
  }

  /**
   * Sets the account's webhook URL. The first time, a signing secret is made and shown this once
   * (`{ url, secret }`); later calls change the URL only (`{ url }`). Two first calls at once: the
   * primary key lets one insert, the other updates.
   */
  async setSellerWebhook(accountId: string, rawUrl: string): Promise<{ url: string; secret?: string }> {
    const url = await validateWebhookUrl(rawUrl, loopbackWebhooksAllowed(this.config), this.hosts);
    const now = new Date();
    const updated = await this.sellerWebhooks.update({ accountId }, { url, updatedAt: now });
    if (updated.affected) return { url };
    const secret = newWebhookSecret();
    try {
      await this.sellerWebhooks.insert({ accountId, url, secret: this.secrets.seal(secret, sellerSecretContext(accountId)), createdAt: now, updatedAt: now });
      return { url, secret };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.sellerWebhooks.update({ accountId }, { url, updatedAt: now });
      return { url };
    }
  }

  /** A new signing secret, shown this once; the old one stops working at once. 409 before a URL is set. */
  async rotateSellerSecret(accountId: string): Promise<{ secret: string }> {
    const secret = newWebhookSecret();
    const result = await this.sellerWebhooks.update(
      { accountId },
      { secret: this.secrets.seal(secret, sellerSecretContext(accountId)), updatedAt: new Date() },
    );
    if (!result.affected) throw new InvalidStateError('The account has no webhook yet: set its URL first (the first PUT shows the secret).');
    return { secret };
  }
}
