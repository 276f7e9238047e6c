import { Inject, Injectable } from '@nestjs/common';
import { InvalidStateError, SecretBox, rowSecretContext } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isDuplicateKey } from '@app/database';
import { PartnersService, WebhookHostResolver, loopbackWebhooksAllowed, newWebhookSecret, validateWebhookUrl } from '@app/partners';
import type { EndpointOwner } from './endpoint-owner.js';
import { SellerWebhooksRepository } from './seller-webhooks.repository.js';

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
    @Inject(SellerWebhooksRepository) private readonly sellerWebhooks: SellerWebhooksRepository,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(SecretBox) private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.hosts = new WebhookHostResolver({ servers: config.webhook.dnsServers, timeoutMs: config.webhook.dnsTimeoutMs });
  }

  /** The owner's endpoint; null when the owner is gone (a seller account without a webhook has none). */
  async endpointOf(owner: EndpointOwner): Promise<WebhookEndpoint | null> {
    if (owner.kind === 'partner') return this.partners.getNoticeEndpoint(owner.id);
    const webhook = await this.sellerWebhooks.find(owner.id);
    return webhook ? { url: webhook.url, secret: this.secrets.open(webhook.sealedSecret, sellerSecretContext(webhook.accountId)) } : null;
  }

  async sellerWebhook(accountId: string): Promise<{ url: string | null }> {
    return { url: await this.sellerWebhooks.findUrl(accountId) };
  }

  /**
   * Sets the account's webhook URL. The first time, a signing secret is made and shown this once
   * (`{ url, secret }`); later calls change the URL only (`{ url }`). Two first calls at once: the
   * primary key lets one insert, the other updates.
   */
  async setSellerWebhook(accountId: string, rawUrl: string): Promise<{ url: string; secret?: string }> {
    const url = await validateWebhookUrl(rawUrl, loopbackWebhooksAllowed(this.config), this.hosts);
    const now = new Date();
    if (await this.sellerWebhooks.updateUrl(accountId, url, now)) return { url };
    const secret = newWebhookSecret();
    try {
      await this.sellerWebhooks.insert({ accountId, url, sealedSecret: this.secrets.seal(secret, sellerSecretContext(accountId)) }, now);
      return { url, secret };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.sellerWebhooks.updateUrl(accountId, url, now);
      return { url };
    }
  }

  /** A new signing secret, shown this once; the old one stops working at once. 409 before a URL is set. */
  async rotateSellerSecret(accountId: string): Promise<{ secret: string }> {
    const secret = newWebhookSecret();
    const rotated = await this.sellerWebhooks.updateSecret(accountId, this.secrets.seal(secret, sellerSecretContext(accountId)), new Date());
    if (!rotated) throw new InvalidStateError('The account has no webhook yet: set its URL first (the first PUT shows the secret).');
    return { secret };
  }
}
