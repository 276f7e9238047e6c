import type { LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { WebhookHostResolver, isAllowedWebhookAddress, isLocalhostName, loopbackWebhooksAllowed } from '@app/partners';
import { currentRequestId } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { signWebhook } from './webhook-signature.js';

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

export interface OutgoingWebhook {
  eventId: string;
  type: string;
  body: string;
  attempt: number;
}

const BLOCKED_ADDRESS = 'EWEBHOOK_ADDRESS_BLOCKED';

function blocked(): NodeJS.ErrnoException {
  return Object.assign(new Error('The webhook host resolves to a non-public address'), { code: BLOCKED_ADDRESS });
}

/**
 * DNS lookup for webhook connections (SSRF guard at delivery time): the name is resolved
 * here, for this connection (c-ares, bounded by WEBHOOK_DNS_TIMEOUT_MS, never libuv's thread pool),
 * and refused if any address is loopback (outside development), private, link-local or metadata.
 * The socket connects to the address checked here, so DNS changing after the partner saved its URL
 * (or between check and connect) cannot reach inside.
 */
function guardedLookup(resolver: WebhookHostResolver, allowLoopback: boolean): LookupFunction {
  return ((hostname: string, options: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    if (!allowLoopback && isLocalhostName(hostname)) return process.nextTick(() => callback(blocked(), ''));
    resolver.resolve(hostname).then(
      (addresses) => {
        if (addresses.some((a) => !isAllowedWebhookAddress(a.address, allowLoopback))) return callback(blocked(), '');
        if ((options as { all?: boolean }).all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  }) as LookupFunction;
}

/** POSTs with the SSRF guard; resolves with the status code. Never follows redirects (plain node:http does not). */
function postGuarded(
  url: URL,
  agent: HttpAgent,
  options: { allowLoopback: boolean; timeoutMs: number; headers: OutgoingHttpHeaders; body: string },
): Promise<number> {
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !isAllowedWebhookAddress(literal, options.allowLoopback)) return Promise.reject(blocked());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        // Drain the answer so the keep-alive connection can be reused; its content is not kept.
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Says what went wrong without echoing anything the receiver sent back. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; cause?: { code?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = err?.cause?.code ?? (err as { code?: string })?.code;
  if (code === BLOCKED_ADDRESS) return 'refused: the host resolves to a non-public address';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEOUT') return 'no DNS answer for the host in time';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (typeof code === 'string') return `network error (${code})`;
  return 'network error';
}

/** POSTs one signed notice. A 2xx within the timeout is delivered; anything else (3xx included) is not. */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly allowLoopback: boolean;
  /** Keep-alive agents per protocol; their sockets only ever connect to checked addresses. */
  private readonly agents: Record<'http:' | 'https:', HttpAgent>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.allowLoopback = loopbackWebhooksAllowed(config);
    const resolver = new WebhookHostResolver({ servers: config.webhook.dnsServers, timeoutMs: config.webhook.dnsTimeoutMs });
    const options = { keepAlive: true, maxSockets: 256, lookup: guardedLookup(resolver, this.allowLoopback) };
    this.agents = { 'http:': new HttpAgent(options), 'https:': new HttpsAgent(options) };
  }

  /** After the worker has drained (deliveries in flight finish first): close the kept-alive sockets. */
  onApplicationShutdown(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  async send(url: string, secret: string, webhook: OutgoingWebhook): Promise<SendResult> {
    const timeoutMs = this.config.webhook.timeoutMs;
    try {
      const target = new URL(url);
      const status = await postGuarded(target, this.agents[target.protocol as 'http:'] ?? this.agents['https:'], {
        allowLoopback: this.allowLoopback,
        timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'partner-binding-service/1',
          'x-event-id': webhook.eventId,
          'x-event-type': webhook.type,
          'x-delivery-attempt': String(webhook.attempt),
          ...(currentRequestId() ? { 'x-request-id': currentRequestId()! } : {}),
          'x-signature': signWebhook(secret, webhook.body, Math.floor(Date.now() / 1000)),
        },
        body: webhook.body,
      });
      if (status >= 200 && status < 300) return { ok: true, statusCode: status };
      const reason = status >= 300 && status < 400 ? 'redirects are not followed' : 'non-2xx answer';
      return { ok: false, statusCode: status, error: `HTTP ${status}: ${reason}` };
    } catch (error) {
      return { ok: false, statusCode: null, error: describeFailure(error, timeoutMs) };
    }
  }
}
