import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiClient, TestStack, World } from './support/index.js';

const PER_USER = 300;
/** The overshoot bound docs/API.md states: each replica may admit 1 % of the budget (at least 1, at most 64) unseen by the others. */
const PER_REPLICA = Math.min(64, Math.max(1, Math.floor(PER_USER / 100)));

/** Two API processes on one Redis (the same queue prefix) count every user's requests against one budget. */
describe('rate limits shared by API replicas', () => {
  let stack: TestStack;
  let replica: { app: NestFastifyApplication; client: ApiClient };
  let world: World;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { RATE_LIMIT_PER_USER: String(PER_USER), RATE_LIMIT_PER_IP: '0', RATE_LIMIT_WINDOW_MS: '600000' } });
    replica = await stack.startApiReplica();
    world = new World(stack.client);
  });

  afterAll(async () => {
    await replica?.app.close();
    await stack?.stop();
  });

  it('requests spread over two replicas, 16 at a time, are admitted up to the budget plus at most one batch per replica', async () => {
    const { viewer } = await world.seller();
    const clients = [stack.client, replica.client];
    const statuses: number[] = [];
    for (let round = 0; round < (PER_USER * 1.5) / 16; round++) {
      const batch = await Promise.all(Array.from({ length: 16 }, (_, i) => clients[i % 2]!.get('/v1/me', viewer.token)));
      statuses.push(...batch.map((r) => r.status));
    }
    const admitted = statuses.filter((s) => s === 200).length;
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(admitted).toBeGreaterThanOrEqual(PER_USER);
    expect(admitted).toBeLessThanOrEqual(PER_USER + 2 * PER_REPLICA);
    // Once refused, refused on both replicas until the window ends.
    const after = await Promise.all(clients.map((c) => c.get('/v1/me', viewer.token)));
    expect(after.map((r) => r.status)).toEqual([429, 429]);
    expect(Number(after[1]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a budget spent on one replica is refused on the other after at most one batch there', async () => {
    const { viewer, manager } = await world.seller();
    for (let i = 0; i < PER_USER; i++) expect((await stack.client.get('/v1/me', viewer.token)).status).toBe(200);
    expect((await stack.client.get('/v1/me', viewer.token)).status).toBe(429);
    const elsewhere: number[] = [];
    for (let i = 0; i < PER_REPLICA + 3; i++) elsewhere.push((await replica.client.get('/v1/me', viewer.token)).status);
    const passed = elsewhere.indexOf(429);
    expect(passed).toBeGreaterThanOrEqual(0);
    expect(passed).toBeLessThanOrEqual(PER_REPLICA);
    expect(elsewhere.slice(passed).every((s) => s === 429)).toBe(true);
    // Another user of the same account has a budget of their own.
    expect((await replica.client.get('/v1/me', manager.token)).status).toBe(200);
  });
});
