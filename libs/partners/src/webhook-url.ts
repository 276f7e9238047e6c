import { isIP } from 'node:net';
import { ValidationFailedError } from '@app/common';
import type { AppConfig } from '@app/config';
import { isAllowedWebhookAddress } from './webhook-address.js';
import { isLocalhostName, type WebhookHostResolver } from './webhook-host-resolver.js';

/**
 * Whether webhooks may go to this machine (loopback addresses and localhost names): only with
 * ALLOW_HTTP_WEBHOOKS outside production. Production never allows it, whatever the flags say.
 */
export function loopbackWebhooksAllowed(config: Pick<AppConfig, 'isProduction' | 'webhook'>): boolean {
  return config.webhook.allowHttp && !config.isProduction;
}

/** Loopback hosts that plain http may target when ALLOW_HTTP_WEBHOOKS is on (local development and tests). */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLocalhostName(host)) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

/**
 * A partner's notice endpoint: https, or http to loopback only when allowed.
 * Credentials in the URL are refused (they would end up in logs).
 */
export function assertValidWebhookUrl(raw: string, allowHttp: boolean, field = 'url'): string {
  const refuse = (message: string) => new ValidationFailedError(`The webhook URL is not acceptable: ${message}.`, [{ field, message }]);
  if (raw.length > 2048) throw refuse('it is longer than 2048 characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('it is not an absolute URL');
  }
  if (url.username || url.password) throw refuse('it must not contain credentials');
  if (url.hash) throw refuse('it must not contain a fragment');
  // A literal address must be public (SSRF): loopback only in development, never private, link-local or metadata.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !isAllowedWebhookAddress(literal, allowHttp)) throw refuse('it must point to a public internet address');
  if (!allowHttp && isLocalhostName(literal)) throw refuse('it must point to a public internet address');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:') {
    if (allowHttp && isLoopbackHost(url.hostname)) return url.toString();
    throw refuse(allowHttp ? 'http is allowed only to loopback addresses; use https' : 'it must use https');
  }
  throw refuse('it must use https');
}

/**
 * assertValidWebhookUrl, plus (where webhooks must be public, i.e. ALLOW_HTTP_WEBHOOKS off)
 * a DNS check at save time: a host name that resolves to any loopback, private,
 * link-local or metadata address is refused. DNS can change later, so the sender
 * checks the address again at delivery (WebhookSender).
 */
export async function validateWebhookUrl(raw: string, allowHttp: boolean, resolver: WebhookHostResolver, field = 'url'): Promise<string> {
  const normalised = assertValidWebhookUrl(raw, allowHttp, field);
  const host = new URL(normalised).hostname.replace(/^\[|\]$/g, '');
  if (allowHttp || isIP(host)) return normalised;
  const refuse = (message: string) => new ValidationFailedError(`The webhook URL is not acceptable: ${message}.`, [{ field, message }]);
  let addresses: Array<{ address: string }>;
  try {
    addresses = await resolver.resolve(host);
  } catch {
    throw refuse('its host name does not resolve');
  }
  if (addresses.length === 0 || addresses.some(({ address }) => !isAllowedWebhookAddress(address, false))) {
    throw refuse('its host name resolves to a non-public address');
  }
  return normalised;
}
