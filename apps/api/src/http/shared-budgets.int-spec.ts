import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { freePort, uniqueName } from '@app/testing';
import { SharedBudgets, batchSize } from './shared-budgets.js';

const WINDOW_MS = 60_000;

/** SharedBudgets against the local Redis (the replicas' case is test/shared-rate-limits.e2e-spec.ts). */
describe('SharedBudgets', () => {
  let redis: Redis;
  const prefix = `${uniqueName('budgets')}:`;

  beforeAll(() => {
    redis = new Redis({ host: '127.0.0.1', port: 6379, enableOfflineQueue: true, maxRetriesPerRequest: 1, enableAutoPipelining: true });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('one process is exact, even with many requests at once: the budget and not one request more', async () => {
    const budgets = new SharedBudgets(redis, prefix, 450, WINDOW_MS);
    expect(batchSize(450)).toBe(4);
    const waits = await Promise.all(Array.from({ length: 600 }, () => budgets.spend('user:a')));
    expect(waits.filter((w) => w === 0)).toHaveLength(450);
    await budgets.flush();
    const [key] = await redis.keys(`${prefix}user:a:*`);
    expect(Number(await redis.get(key!))).toBe(450);
    expect(await redis.pttl(key!)).toBeGreaterThan(0);
  });

  it('past the budget, Retry-After is the seconds left in the window (at least 1)', async () => {
    const budgets = new SharedBudgets(redis, prefix, 2, WINDOW_MS);
    const windowStart = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    const at = windowStart + 15_500;
    expect([await budgets.spend('ip:x', at), await budgets.spend('ip:x', at)]).toEqual([0, 0]);
    expect(await budgets.spend('ip:x', at)).toBe(45);
    expect(await budgets.spend('ip:x', windowStart + WINDOW_MS - 10)).toBe(1);
    // A new window starts a new count.
    expect(await budgets.spend('ip:x', windowStart + WINDOW_MS + 1)).toBe(0);
  });

  it('counts already in Redis (another replica) are heard and refuse here', async () => {
    const window = Math.floor(Date.now() / WINDOW_MS);
    await redis.set(`${prefix}user:b:${window}`, 100, 'PX', WINDOW_MS);
    const budgets = new SharedBudgets(redis, prefix, 100, WINDOW_MS);
    // Budget 100: a batch of 1, so the first request already asks Redis.
    expect(await budgets.spend('user:b')).toBe(0);
    expect(await budgets.spend('user:b')).toBeGreaterThan(0);
  });

  it('when Redis cannot be reached, nothing fails or hangs: the process goes on counting its own requests', async () => {
    const down = new Redis({ host: '127.0.0.1', port: await freePort(), enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    down.on('error', () => undefined);
    const budgets = new SharedBudgets(down, prefix, 3, WINDOW_MS);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(await budgets.spend('user:c'));
    expect(waits.map((w) => (w === 0 ? 'pass' : 'refused'))).toEqual(['pass', 'pass', 'pass', 'refused', 'refused']);
    down.disconnect();
  });
});
