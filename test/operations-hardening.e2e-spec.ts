import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConnection } from 'mysql2/promise';
import { TestStack, World, waitFor } from '@app/testing';
import { createWorkerApp } from '../apps/worker/src/bootstrap.js';

const METRICS_TOKEN = `metrics-${randomBytes(16).toString('hex')}`;

const backlogIn = (text: string) => Number(text.match(/^pbs_outbox_backlog (\d+)/m)?.[1] ?? NaN);

describe('operations endpoints under attack', () => {
  let stack: TestStack;
  let worker: NestFastifyApplication | null = null;

  beforeAll(async () => {
    // No worker relaying the outbox (only briefly, for its /metrics): binds leave a backlog the gauge must show.
    stack = await TestStack.start({ worker: false, env: { METRICS_TOKEN } });
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  it('the queue dashboard refuses to be framed (X-Frame-Options DENY, CSP frame-ancestors none), signed in or not', async () => {
    for (const token of [undefined, stack.client.operatorToken]) {
      for (const path of ['/admin/queues', '/admin/queues/api/queues?activeQueue=partner-webhooks&page=1&jobsPerPage=10']) {
        const response = await stack.client.get(path, token);
        expect(response.status).toBe(token ? 200 : 401);
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      }
    }
  });

  it('with METRICS_TOKEN, /metrics on the API and the worker answers only to that bearer token', async () => {
    worker = await createWorkerApp(stack.config, { logger: false });
    await worker.listen({ port: 0, host: '127.0.0.1' });
    const workerUrl = `http://127.0.0.1:${(worker.getHttpServer().address() as { port: number }).port}`;
    for (const base of [stack.baseUrl, workerUrl]) {
      for (const authorization of [
        undefined,
        'Bearer wrong-token',
        `Bearer ${stack.client.operatorToken}`,
        `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`,
      ]) {
        const refused = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(await refused.text()).not.toContain('pbs_');
      }
      const scraped = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('pbs_outbox_backlog');
    }
    await worker.close();
    worker = null;
  });

  it('a scrape never waits on the outbox table (the backlog gauge is read from memory, refreshed in the background)', async () => {
    const lock = await createConnection({
      host: stack.config.db.host,
      port: stack.config.db.port,
      user: stack.config.db.user,
      password: stack.config.db.password,
      database: stack.config.db.name,
    });
    try {
      await lock.query('LOCK TABLES outbox WRITE');
      // With a query per scrape this would wait for the lock (lock_wait_timeout: a year by default).
      for (let i = 0; i < 5; i++) {
        const scraped = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, signal: AbortSignal.timeout(5_000) });
        expect(scraped.status).toBe(200);
        expect(Number.isNaN(backlogIn(await scraped.text()))).toBe(false);
      }
    } finally {
      await lock.query('UNLOCK TABLES');
      await lock.end();
    }
  });

  it('the backlog gauge follows the outbox within its refresh period', async () => {
    const world = new World(stack.client);
    const seller = await world.seller();
    for (let i = 0; i < 3; i++) await world.bind(seller, await world.partner());
    const expected = await stack.outboxBacklog();
    expect(expected).toBeGreaterThanOrEqual(3);
    await waitFor(
      async () => {
        const scraped = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        return backlogIn(await scraped.text()) === expected;
      },
      { timeoutMs: 15_000, what: `pbs_outbox_backlog to show ${expected}` },
    );
  });
});
