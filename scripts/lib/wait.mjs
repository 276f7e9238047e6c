// @ts-check
// Waiting helpers shared by the tests (through @app/testing), the benchmark and the scripts.

/** Resolves after `ms` milliseconds. */
export { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns something truthy and resolves to that value; rejects with
 * `what` in the message when `timeoutMs` (default 10 s) passes first.
 * @template T
 * @param {() => T | Promise<T>} check
 * @param {{ timeoutMs?: number, intervalMs?: number, what?: string }} [options]
 * @returns {Promise<Exclude<Awaited<T>, false | null | undefined | 0 | ''>>}
 */
export async function waitFor(check, options = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await check();
    if (value) return /** @type {Exclude<Awaited<T>, false | null | undefined | 0 | ''>} */ (value);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
