import { afterEach, describe, expect, it } from '@jest/globals';
import { TestStack } from '@app/testing';

const PER_IP = 5;

/** Statuses of GET /v1/me (anonymous: only the per-IP budget counts) with these X-Forwarded-For values. */
async function statuses(stack: TestStack, forwardedFor: string[]): Promise<number[]> {
  const result: number[] = [];
  for (const value of forwardedFor) result.push((await stack.client.request('GET', '/v1/me', { headers: { 'x-forwarded-for': value } })).status);
  return result;
}

const distinct = (n: number) => Array.from({ length: n }, (_, i) => `203.0.113.${i + 1}`);
/** A few more than the budget (the limiter's Redis connection may still be opening on the very first request). */
const OVER_BUDGET = PER_IP * 3;
const firstRefusal = (seen: number[]) => seen.indexOf(429);

/** Whose rate-limit budget a request counts against (TRUST_PROXY). */
describe('client address', () => {
  let stack: TestStack | null = null;

  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });

  it('by default the client is the TCP peer: a forged X-Forwarded-For never moves a request to another budget', async () => {
    stack = await TestStack.start({ worker: false, env: { RATE_LIMIT_PER_IP: String(PER_IP), RATE_LIMIT_WINDOW_MS: '60000' } });
    const seen = await statuses(stack, [...distinct(OVER_BUDGET), '127.0.0.2, 10.0.0.1', 'unknown']);
    const refusedFrom = firstRefusal(seen);
    expect(refusedFrom).toBeGreaterThanOrEqual(PER_IP);
    expect(refusedFrom).toBeLessThanOrEqual(PER_IP + 1);
    // Once the peer's budget is spent, no forged address opens another one.
    expect(seen.slice(refusedFrom).every((status) => status === 429)).toBe(true);
  });

  it('with TRUST_PROXY naming the proxy, the address it forwards is the client (one budget per forwarded address)', async () => {
    stack = await TestStack.start({ worker: false, env: { RATE_LIMIT_PER_IP: String(PER_IP), RATE_LIMIT_WINDOW_MS: '60000', TRUST_PROXY: '127.0.0.1/32' } });
    expect(await statuses(stack, distinct(OVER_BUDGET))).toEqual(Array(OVER_BUDGET).fill(401));
    const repeated = await statuses(stack, Array(PER_IP + 1).fill('198.51.100.7'));
    expect(repeated).toEqual([...Array(PER_IP).fill(401), 429]);
  });

  it('with a hop count, only that many proxies are believed: a value the client prepended does not count', async () => {
    stack = await TestStack.start({ worker: false, env: { RATE_LIMIT_PER_IP: String(PER_IP), RATE_LIMIT_WINDOW_MS: '60000', TRUST_PROXY: '1' } });
    // One proxy in front (the test client): the address it appended is the client, whatever the client forged before it.
    const forged = distinct(OVER_BUDGET).map((spoofed) => `${spoofed}, 198.51.100.9`);
    const seen = await statuses(stack, forged);
    expect(firstRefusal(seen)).toBeGreaterThanOrEqual(PER_IP);
    expect(firstRefusal(seen)).toBeLessThanOrEqual(PER_IP + 1);
    expect(seen.slice(firstRefusal(seen)).every((status) => status === 429)).toBe(true);
  });
});
