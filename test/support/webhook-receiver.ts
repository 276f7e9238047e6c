import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiContract, ContractViolation } from './api-contract.js';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  receivedAt: number;
  /** What the receiver answered. */
  answeredStatus: number;
  /** Why the OpenAPI document's `webhooks` section does not allow this delivery (null: it does; checked when read, off the delivery's path). */
  contractViolation?: string | null;
}

/** How the receiver answers one request: a status, optionally after a delay. */
export type Answer = { status: number; delayMs?: number };

/**
 * A partner's endpoint on a loopback port. Each path can be told how to answer
 * (fail N times, hang, redirect...); every request is recorded with its raw body.
 * Every delivery is checked against the `webhooks` section of the service's OpenAPI document:
 * reading a delivery that breaks it (deliveredTo, requestsTo) or stopping the receiver throws.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly plans = new Map<string, Answer[]>();
  private readonly defaults = new Map<string, Answer>();
  private server: Server | null = null;
  /** Answers still to be sent (a hanging endpoint); cleared on stop. */
  private readonly pending = new Set<NodeJS.Timeout>();
  private port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.listen();
    return receiver;
  }

  private listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const answer = this.plans.get(path)?.shift() ?? this.defaults.get(path) ?? { status: 200 };
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = null;
        }
        const reply = () => {
          this.received.push({ path, headers: request.headers, rawBody, body, receivedAt: Date.now(), answeredStatus: answer.status });
          if (answer.status >= 300 && answer.status < 400) response.setHeader('location', `http://127.0.0.1:${this.port}/redirected`);
          response.statusCode = answer.status;
          response.end('ok');
        };
        if (!answer.delayMs) return reply();
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          reply();
        }, answer.delayMs);
        this.pending.add(timer);
      });
    });
    return new Promise((resolve) => {
      this.server!.listen(0, '127.0.0.1', () => {
        this.port = (this.server!.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** The URL a partner registers; each test partner gets its own path. */
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** Answers the next requests to `path` in this order, then falls back to the default. */
  plan(path: string, ...answers: Answer[]): void {
    this.plans.set(path, [...(this.plans.get(path) ?? []), ...answers]);
  }

  /** How `path` answers once its plan is used up (200 unless set). */
  setDefault(path: string, answer: Answer): void {
    this.defaults.set(path, answer);
  }

  /** Successfully answered requests to `path` (what the partner actually got). */
  deliveredTo(path: string): ReceivedWebhook[] {
    return this.conforming(this.received.filter((r) => r.path === path && r.answeredStatus >= 200 && r.answeredStatus < 300));
  }

  requestsTo(path: string): ReceivedWebhook[] {
    return this.conforming(this.received.filter((r) => r.path === path));
  }

  /** Throws a ContractViolation if any of `deliveries` is not what the OpenAPI document describes. */
  private conforming(deliveries: ReceivedWebhook[]): ReceivedWebhook[] {
    const contract = ApiContract.latest;
    for (const delivery of deliveries) {
      if (delivery.contractViolation === undefined && contract) delivery.contractViolation = contract.checkWebhook(delivery.headers, delivery.body);
      if (delivery.contractViolation) throw new ContractViolation(delivery.contractViolation);
    }
    return deliveries;
  }

  async stop(): Promise<void> {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    this.conforming(this.received);
  }
}
