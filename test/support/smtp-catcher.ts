import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMessage } from '../../scripts/lib/mime.mjs';

/** One message the catcher accepted, decoded enough for a test to read. */
export interface CaughtEmail {
  from: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/**
 * A local SMTP server for tests: accepts everything (no TLS, no auth) and keeps what it
 * got. It can also play a mail relay having a bad moment (`failConnections`) or one that
 * refuses an address for good (`refuse`).
 */
export class SmtpCatcher {
  readonly emails: CaughtEmail[] = [];
  /** Connections turned away with a 421 so far. */
  rejectedConnections = 0;
  private failing = 0;
  private readonly refused = new Set<string>();
  private port = 0;
  private server!: SMTPServer;

  private constructor() {}

  static async start(): Promise<SmtpCatcher> {
    const catcher = new SmtpCatcher();
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect(_session, callback) {
        if (catcher.failing > 0) {
          catcher.failing--;
          catcher.rejectedConnections++;
          return callback(Object.assign(new Error('Service temporarily unavailable, try again later'), { responseCode: 421 }));
        }
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (catcher.refused.has(address.address.toLowerCase())) return callback(Object.assign(new Error('Mailbox does not exist'), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          catcher.emails.push({ ...parseMessage(raw), from, to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw });
          callback();
        });
      },
    });
    catcher.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    catcher.port = (server.server.address() as AddressInfo).port;
    return catcher;
  }

  /** The SMTP_URL that reaches this server. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Turns the next `count` connections away with "421 try again later". */
  failConnections(count: number): void {
    this.failing = count;
  }

  /** Refuses RCPT TO for this address with a permanent 550. */
  refuse(address: string): void {
    this.refused.add(address.toLowerCase());
  }

  /** Messages to `address`, oldest first. */
  to(address: string): CaughtEmail[] {
    return this.emails.filter((email) => email.to.includes(address.toLowerCase()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
