import { describe, expect, it } from '@jest/globals';
import { MAX_RETRY_WAIT_MS, retryDelayMs } from './retry-policy.js';

describe('webhook retry policy', () => {
  it('waits base × 3^(n−1) without jitter at the midpoint', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5000, mid))).toEqual([5000, 15000, 45000, 135000]);
  });

  it('keeps jitter within ±20 %', () => {
    expect(retryDelayMs(2, 5000, () => 0)).toBe(12000);
    expect(retryDelayMs(2, 5000, () => 1)).toBe(18000);
  });

  it('never waits more than 6 hours', () => {
    expect(retryDelayMs(20, 5000, () => 1)).toBe(MAX_RETRY_WAIT_MS);
    expect(retryDelayMs(11, 5000, () => 0.5)).toBe(MAX_RETRY_WAIT_MS);
  });

  it('adds up to about a day over the default 12 attempts', () => {
    const total = Array.from({ length: 11 }, (_, i) => retryDelayMs(i + 1, 5000, () => 0.5)).reduce((a, b) => a + b, 0);
    expect(total / 3600_000).toBeGreaterThan(20);
    expect(total / 3600_000).toBeLessThan(30);
  });
});
