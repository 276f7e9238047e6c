import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS, type RedisClient } from '@app/queue';
import type { EndpointOwner } from './endpoint-owner.js';

// Leases are members of a sorted set scored by their expiry: a worker that dies mid-delivery leaks its
// slot only until the lease runs out. A job refused a slot is parked (its id in a second set, scored by
// when it first waited) so that the next release wakes it, oldest first, instead of it polling.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  if ARGV[6] ~= '' then
    redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[6])
    redis.call('PEXPIRE', KEYS[2], ARGV[7])
  end
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if ARGV[6] ~= '' then redis.call('ZREM', KEYS[2], ARGV[6]) end
return 1`;

const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
local popped = redis.call('ZPOPMIN', KEYS[2], ARGV[2])
local ids = {}
for i = 1, #popped, 2 do ids[#ids + 1] = popped[i] end
return ids`;

/**
 * A Lua script sent by its SHA1 (EVALSHA: a few bytes per call instead of the whole script twice per
 * delivery); the first call on a server that does not know it yet (NOSCRIPT) sends the script itself.
 */
class GateScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: RedisClient, keys: [string, string], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

const ACQUIRE_SCRIPT = new GateScript(ACQUIRE);
const RELEASE_SCRIPT = new GateScript(RELEASE);

/**
 * Caps the deliveries in flight to one endpoint owner (a partner, a seller account) across every worker
 * process, so an owner whose endpoint hangs holds a few worker slots, never all of them. Jobs refused a
 * slot wait parked (delayed in BullMQ, off the workers) until a slot of that owner frees up.
 */
@Injectable()
export class EndpointGate {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How long a lease lasts: a hung attempt ends at the timeout, so twice that (and slack) is never cut short. */
  get leaseMs(): number {
    return this.config.webhook.timeoutMs * 2 + 5000;
  }

  /** A lease, or null when the owner has its share in flight; then `parkAs` (a job id) is parked until a release wakes it. */
  async acquire(owner: EndpointOwner, parkAs?: string): Promise<string | null> {
    const lease = newId();
    const now = Date.now();
    const leaseMs = this.leaseMs;
    const [inflight, parked] = this.keys(owner);
    const granted = await ACQUIRE_SCRIPT.run(
      this.redis,
      [inflight, parked],
      [now, now + leaseMs, this.config.webhook.perPartnerConcurrency, lease, leaseMs, parkAs ?? '', leaseMs * 4],
    );
    return Number(granted) === 1 ? lease : null;
  }

  /** Frees the slot and returns the parked job ids to wake (the oldest `wake` of them). */
  async release(owner: EndpointOwner, lease: string, wake = 1): Promise<string[]> {
    const [inflight, parked] = this.keys(owner);
    const ids = await RELEASE_SCRIPT.run(this.redis, [inflight, parked], [lease, wake]);
    return Array.isArray(ids) ? ids.map(String) : [];
  }

  /** The next parked job ids without releasing anything (when a woken job had already gone). */
  async nextParked(owner: EndpointOwner, count = 1): Promise<string[]> {
    const popped = await this.redis.zpopmin(this.keys(owner)[1], count);
    return popped.filter((_, i) => i % 2 === 0).map(String);
  }

  /** Both keys share a hash tag, so the scripts work on a Redis Cluster. */
  private keys(owner: EndpointOwner): [string, string] {
    const base = `${this.config.redis.queuePrefix}:webhook-gate:{${owner.kind}:${owner.id}}`;
    return [`${base}:inflight`, `${base}:parked`];
  }
}
