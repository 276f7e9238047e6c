// The receiving side: one local HTTP server plays every partner's webhook endpoint (and the
// seller's own) and checks each notice's signature the way a partner would.
import { createServer } from 'node:http';
import { verifySignature } from './http.mjs';
import { waitFor } from '../lib/wait.mjs';
import { bold, cyan, green, red, say, short } from './print.mjs';
import { WAIT_MS } from './settings.mjs';

export function describeWebhook(hook) {
  const mark = hook.verified ? green('signature verified ✔') : red('signature INVALID ✘');
  const about = hook.bindingId ? ` for binding ${short(hook.bindingId)}` : '';
  return `📨 ${bold(hook.partner)} received ${cyan(hook.type)}${about} (event ${short(hook.eventId)}) — ${mark}`;
}

export class PartnerEndpoints {
  /** path → { name, secret } */
  #secrets = new Map();
  /** Every notice received once: { partner, type, eventId, bindingId, account, data, verified } */
  received = [];
  /** Print notices as they arrive (once the story has been told). */
  announce = false;
  #server = null;
  url = '';

  static async start() {
    const endpoints = new PartnerEndpoints();
    endpoints.#server = createServer((request, response) => endpoints.#receive(request, response));
    await new Promise((resolve) => endpoints.#server.listen(0, '127.0.0.1', resolve));
    endpoints.url = `http://127.0.0.1:${endpoints.#server.address().port}`;
    return endpoints;
  }

  /** The webhook URL of a partner, whose notices are checked with `secret`. */
  register(path, name, secret) {
    this.#secrets.set(path, { name, secret });
  }

  /** Waits for the partner's webhook about this binding, prints it, and insists its signature verified. */
  partnerHears(partner, type, bindingId, timeoutMs = WAIT_MS) {
    return this.hears(partner.name, type, bindingId, timeoutMs);
  }

  /** The same for any endpoint registered under `name` (a partner's, or a seller's own webhook). */
  async hears(name, type, bindingId, timeoutMs = WAIT_MS) {
    const hook = await waitFor(() => this.received.find((w) => w.partner === name && w.type === type && w.bindingId === bindingId), {
      what: `${name} to receive ${type}`,
      timeoutMs,
      intervalMs: 100,
    });
    say(describeWebhook(hook));
    if (!hook.verified) throw new Error('The webhook signature did not verify.');
    return hook;
  }

  close() {
    this.#server?.close();
  }

  #receive(request, response) {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const partner = this.#secrets.get(request.url);
      let body = null;
      try {
        body = JSON.parse(rawBody);
      } catch {
        /* not JSON */
      }
      const hook = {
        partner: partner?.name ?? request.url,
        type: body?.type ?? request.headers['x-event-type'],
        eventId: request.headers['x-event-id'],
        bindingId: body?.data?.binding?.id,
        account: body?.data?.account?.name,
        data: body?.data ?? {},
        verified: partner ? await verifySignature(partner.secret, rawBody, request.headers['x-signature']) : false,
      };
      // Delivery is at-least-once: each receiver de-duplicates on the event id (the seller's webhook
      // and the partner's get the same event, under the same id).
      if (!this.received.some((w) => w.partner === hook.partner && w.eventId === hook.eventId)) {
        this.received.push(hook);
        if (this.announce) console.log(`   ${describeWebhook(hook)}`);
      }
      response.statusCode = 200;
      response.end('ok');
    });
  }
}
