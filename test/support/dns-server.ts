import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import dnsPacket from 'dns-packet';

/**
 * A name server on a loopback UDP port for tests (point WEBHOOK_DNS_SERVERS at `address`).
 * `answers` maps a name to the address it resolves to (changeable at any time); names in
 * `silent` are never answered (a hanging name server); anything else is NXDOMAIN.
 */
export class TestDnsServer {
  readonly answers = new Map<string, string>();
  readonly silent = new Set<string>();
  /** Queries received, per name. */
  readonly queries = new Map<string, number>();

  private constructor(private readonly socket: Socket) {
    socket.on('message', (message, peer) => this.answer(message, peer));
  }

  static async start(): Promise<TestDnsServer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new TestDnsServer(socket);
  }

  /** `127.0.0.1:<port>`, as WEBHOOK_DNS_SERVERS takes it. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  private answer(message: Buffer, peer: { address: string; port: number }): void {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    this.queries.set(name, (this.queries.get(name) ?? 0) + 1);
    if (this.silent.has(name)) return;
    const address = this.answers.get(name);
    const fits = address !== undefined && (question.type === 'A' ? isIPv4(address) : question.type === 'AAAA' && !isIPv4(address));
    const response = dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (address === undefined ? 3 : 0), // rcode 3: NXDOMAIN
      questions: [question],
      answers: fits ? [{ type: question.type as 'A', name: question.name, ttl: 0, class: 'IN', data: address }] : [],
    });
    this.socket.send(response, peer.port, peer.address);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}
