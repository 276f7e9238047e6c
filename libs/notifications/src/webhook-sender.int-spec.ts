import { execFileSync } from 'node:child_process';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testConfig, TestDnsServer, WebhookReceiver } from '@app/testing';
import { WebhookSender } from './webhook-sender.js';

/**
 * Occupies every thread of libuv's pool (each blocks opening a FIFO nobody writes to), as hanging
 * getaddrinfo calls for a partner's dead name server would. Returns a function that frees them.
 */
async function occupyThreadPool(): Promise<() => Promise<void>> {
  const size = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const dir = await mkdtemp(join(tmpdir(), 'pbs-threadpool-'));
  const fifos = Array.from({ length: size }, (_, i) => join(dir, `fifo-${i}`));
  for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
  const readers = fifos.map((fifo) => open(fifo, 'r'));
  return async () => {
    // Opening the write end (on the event loop's thread, synchronously) lets each blocked reader through.
    for (const fifo of fifos) execFileSync('sh', ['-c', `exec 3>"${fifo}"`]);
    for (const reader of await Promise.all(readers)) await reader.close();
    await rm(dir, { recursive: true, force: true });
  };
}

describe('WebhookSender name resolution', () => {
  let dns: TestDnsServer;
  let receiver: WebhookReceiver;
  let sender: WebhookSender;
  const port = () => new URL(receiver.url('/')).port;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    dns.answers.set('partner-ok.test', '127.0.0.1');
    dns.answers.set('inside.test', '10.1.2.3');
    dns.silent.add('partner-hangs.test');
    receiver = await WebhookReceiver.start();
    const config = testConfig({ WEBHOOK_DNS_SERVERS: dns.address, WEBHOOK_DNS_TIMEOUT_MS: '1500', WEBHOOK_TIMEOUT_MS: '5000' });
    sender = new WebhookSender(config);
  });

  afterAll(async () => {
    sender?.onApplicationShutdown();
    await receiver?.stop();
    await dns?.stop();
  });

  const webhook = (n: number) => ({ eventId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`, type: 'binding.requested', body: '{}', attempt: 1 });

  it("one partner's hanging name server does not delay another partner's delivery, even with libuv's thread pool full", async () => {
    const release = await occupyThreadPool();
    try {
      // Twenty deliveries to a host whose name server never answers...
      const hanging = Array.from({ length: 20 }, (_, i) => sender.send(`http://partner-hangs.test:${port()}/hang`, 'secret', webhook(i)));
      // ...and one to another partner, sent after them, arrives while they are still waiting.
      const delivered = await sender.send(`http://partner-ok.test:${port()}/ok`, 'secret', webhook(100));
      expect(delivered).toEqual({ ok: true, statusCode: 200 });
      expect(receiver.deliveredTo('/ok')).toHaveLength(1);

      const outcomes = await Promise.all(hanging);
      expect(outcomes.every((outcome) => !outcome.ok && outcome.error === 'no DNS answer for the host in time')).toBe(true);
      expect(receiver.requestsTo('/hang')).toHaveLength(0);
    } finally {
      await release();
    }
  });

  it('keeps the SSRF checks: every resolved address is checked, a name that does not exist is a failed attempt', async () => {
    expect(await sender.send(`http://inside.test:${port()}/x`, 'secret', webhook(200))).toEqual({
      ok: false,
      statusCode: null,
      error: 'refused: the host resolves to a non-public address',
    });
    expect(await sender.send(`http://no-such-partner.test:${port()}/x`, 'secret', webhook(201))).toEqual({
      ok: false,
      statusCode: null,
      error: 'host not found',
    });
    expect(receiver.requestsTo('/x')).toHaveLength(0);
  });

  it('in production, loopback and localhost names are refused whatever ALLOW_HTTP_WEBHOOKS says', async () => {
    const production = new WebhookSender({ ...testConfig({ WEBHOOK_DNS_SERVERS: dns.address }), isProduction: true });
    try {
      for (const url of [
        `http://127.0.0.1:${port()}/p`,
        `http://localhost:${port()}/p`,
        `https://api.localhost:${port()}/p`,
        `http://partner-ok.test:${port()}/p`,
      ]) {
        const outcome = await production.send(url, 'secret', webhook(300));
        expect({ url, outcome }).toEqual({ url, outcome: { ok: false, statusCode: null, error: 'refused: the host resolves to a non-public address' } });
      }
      expect(receiver.requestsTo('/p')).toHaveLength(0);
    } finally {
      production.onApplicationShutdown();
    }
  });
});
