import type { RedisClient } from '@app/queue';

/** Adds a batch to a window's counter and returns the new total; a new window's key expires with it. */
const SPEND = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if total == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total`;

/** How often admitted requests are sent to Redis, at the latest. */
export const FLUSH_INTERVAL_MS = 50;

/**
 * Requests one API process may admit for one key before it must hear Redis's total again:
 * 1 % of the budget, at least 1 and at most 64. This is also the bound on overshoot: with
 * R replicas a window admits at most `max + R × batchSize(max)` requests per key.
 */
export function batchSize(max: number): number {
  return Math.min(64, Math.max(1, Math.floor(max / 100)));
}

interface Counter {
  readonly window: number;
  /** The window's total in Redis as last heard (every replica's requests). */
  seen: number;
  /** Admitted here, not yet sent. */
  pending: number;
  /** Sent, answer not yet back. */
  sending: number;
  /** The flush this counter is part of, while one is in flight. */
  flight: Promise<void> | null;
}

/**
 * Fixed-window request budgets (`max` per `windowMs` per key) shared by every API replica
 * through Redis, without a Redis round trip per request: each process counts locally and
 * adds its counts to the window's Redis counter in batches (every FLUSH_INTERVAL_MS, or at
 * once when a key has `batchSize(max)` requests Redis has not confirmed), learning the
 * replicas' total from each answer. A lone process is exact (its own requests are all in its count); replicas
 * overshoot by at most `batchSize(max)` each. A request past its batch waits for Redis, so
 * small budgets (under 200) are checked against Redis on every request. When Redis is
 * unreachable no request fails or waits for it: each process goes on counting its own
 * requests, so the budget holds per replica rather than across them until Redis is back.
 */
export class SharedBudgets {
  private readonly counters = new Map<string, Counter>();
  private readonly batch: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {
    this.batch = batchSize(max);
  }

  /** Counts one request against `key`: 0 when it may pass, else the seconds until the window ends (Retry-After). */
  async spend(key: string, now = Date.now()): Promise<number> {
    for (;;) {
      const settled = this.spendNow(key, now);
      if (settled !== null) return settled;
      // This process's share of requests Redis has not confirmed is used up: wait for Redis's total.
      const counter = this.counterOf(key, Math.floor(now / this.windowMs));
      await (counter.flight ?? this.flush());
    }
  }

  /**
   * `spend` without a promise while this process holds an unconfirmed share of the key's budget (nearly every
   * request of a large budget): 0 or the seconds of Retry-After as `spend` answers them, or null when the request
   * must wait for Redis's total (then it is not counted here; `spend` counts it).
   */
  spendNow(key: string, now: number): number | null {
    const window = Math.floor(now / this.windowMs);
    const counter = this.counterOf(key, window);
    if (counter.seen + counter.sending + counter.pending >= this.max) return Math.max(1, Math.ceil(((window + 1) * this.windowMs - now) / 1000));
    if (counter.pending + counter.sending >= this.batch) return null;
    counter.pending++;
    if (counter.pending + counter.sending >= this.batch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS).unref();
    return 0;
  }

  /** Sends every unsent count (one pipelined script call per key) and waits for the totals. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const sends: Promise<void>[] = [];
    for (const [key, counter] of this.counters) {
      if (counter.pending === 0) {
        if (counter.sending === 0 && counter.window < Math.floor(Date.now() / this.windowMs)) this.counters.delete(key);
        continue;
      }
      const n = counter.pending;
      counter.pending = 0;
      counter.sending += n;
      // Answers on one connection come back in order, so each total includes every earlier send.
      const sent = this.send(key, counter.window, n).then(
        (total) => {
          counter.sending -= n;
          counter.seen = Math.max(counter.seen, total);
        },
        () => {
          // Redis unreachable: requests never fail for it; this process keeps its own count, so the budget holds per replica.
          counter.sending -= n;
          counter.seen += n;
        },
      );
      const flight: Promise<void> = sent.finally(() => {
        if (counter.flight === flight) counter.flight = null;
      });
      counter.flight = flight;
      sends.push(flight);
    }
    return Promise.all(sends).then(() => undefined);
  }

  private async send(key: string, window: number, n: number): Promise<number> {
    return Number(await this.redis.eval(SPEND, 1, `${this.prefix}${key}:${window}`, n, this.windowMs));
  }

  private counterOf(key: string, window: number): Counter {
    const known = this.counters.get(key);
    if (known && known.window === window) return known;
    const fresh: Counter = { window, seen: 0, pending: 0, sending: 0, flight: null };
    this.counters.set(key, fresh);
    return fresh;
  }
}
