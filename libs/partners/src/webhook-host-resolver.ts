import { Resolver } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/** `localhost` and `*.localhost` are loopback by definition (RFC 6761), whatever a name server says. */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}

const LOOPBACK: LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/** A name that did not resolve in time, or at all. */
export class HostNotResolvedError extends Error {
  constructor(
    hostname: string,
    readonly code: 'ENOTFOUND' | 'ETIMEOUT',
  ) {
    super(code === 'ETIMEOUT' ? `No DNS answer for ${hostname} in time` : `${hostname} does not resolve`);
    this.name = 'HostNotResolvedError';
  }
}

const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND', 'ENONAME', 'ESERVFAIL', 'EREFUSED', 'EBADNAME', 'EFORMERR', 'ECONNREFUSED', 'ECANCELLED', 'EBADRESP']);

/**
 * Resolves partners' webhook host names with c-ares (dns.promises.Resolver), not getaddrinfo: a
 * getaddrinfo call holds one of libuv's four thread-pool threads until the name server answers, so a
 * few partners with hanging name servers would stall every other lookup (and file and crypto work)
 * in the process. Here a lookup is a UDP query on the event loop, bounded by `timeoutMs`.
 * `/etc/hosts` is not consulted: webhook hosts are public names (localhost names are answered above).
 */
export class WebhookHostResolver {
  private readonly resolver: Resolver;

  constructor(private readonly options: { servers: readonly string[]; timeoutMs: number }) {
    // Two tries, each with part of the budget; the race below bounds the total whatever c-ares does.
    this.resolver = new Resolver({ timeout: Math.max(50, Math.floor(options.timeoutMs / 3)), tries: 2 });
    if (options.servers.length > 0) this.resolver.setServers([...options.servers]);
  }

  /** Every A and AAAA address of `hostname` (a literal address resolves to itself). */
  async resolve(hostname: string): Promise<LookupAddress[]> {
    const host = hostname.replace(/^\[|\]$/g, '');
    const family = isIP(host);
    if (family !== 0) return [{ address: host, family }];
    if (isLocalhostName(host)) return LOOPBACK;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HostNotResolvedError(host, 'ETIMEOUT')), this.options.timeoutMs);
    });
    try {
      const [v4, v6] = await Promise.race([Promise.all([this.records(host, 4), this.records(host, 6)]), deadline]);
      const addresses = [...v4, ...v6];
      if (addresses.length === 0) throw new HostNotResolvedError(host, 'ENOTFOUND');
      return addresses;
    } finally {
      clearTimeout(timer);
    }
  }

  private async records(host: string, family: 4 | 6): Promise<LookupAddress[]> {
    try {
      const addresses = family === 4 ? await this.resolver.resolve4(host) : await this.resolver.resolve6(host);
      return addresses.map((address) => ({ address, family }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'ETIMEOUT') throw new HostNotResolvedError(host, 'ETIMEOUT');
      if (NO_RECORDS.has(code)) return [];
      throw error;
    }
  }
}
