import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS, type RedisClient } from '@app/queue';

// Leases are members of a sorted set scored by their expiry: a worker that dies
// mid-delivery leaks its slot only until the lease runs out.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * Caps the deliveries in flight to one partner across every worker process, so a
 * partner whose endpoint hangs holds a few worker slots, never all of them.
 */
@Injectable()
export class PartnerGate {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async acquire(partnerId: string): Promise<string | null> {
    const lease = newId();
    const now = Date.now();
    const leaseMs = this.config.webhook.timeoutMs * 2 + 5000;
    const granted = await this.redis.eval(ACQUIRE, 1, this.key(partnerId), now, now + leaseMs, this.config.webhook.perPartnerConcurrency, lease, leaseMs);
    return Number(granted) === 1 ? lease : null;
  }

  async release(partnerId: string, lease: string): Promise<void> {
    await this.redis.zrem(this.key(partnerId), lease);
  }

  private key(partnerId: string): string {
    return `${this.config.redis.queuePrefix}:webhook-inflight:${partnerId}`;
  }
}
