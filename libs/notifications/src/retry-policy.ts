/** The longest wait between two attempts (docs/API.md#retries). */
export const MAX_RETRY_WAIT_MS = 6 * 3600 * 1000;

/**
 * The wait before retry n (n ≥ 1): base × 3^(n−1), ±20 % jitter so that a partner
 * coming back is not hit by every queued retry at once, capped at 6 h.
 */
export function retryDelayMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  const exact = Math.min(baseMs * 3 ** Math.max(0, retry - 1), MAX_RETRY_WAIT_MS);
  const jittered = exact * (0.8 + 0.4 * random());
  return Math.round(Math.min(jittered, MAX_RETRY_WAIT_MS));
}
