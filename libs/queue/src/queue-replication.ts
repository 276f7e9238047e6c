import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cluster, Command, type Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QUEUE_REDIS, queueKeyPrefix, type RedisClient } from './redis.js';

/**
 * How long a master's replica count (ROLE) is reused: a replica that attaches meanwhile is
 * waited for from the next check on; one that left makes a WAIT fall short, which re-checks.
 */
const ROLE_FRESH_MS = 1000;

/** Where the queues' writes are about to go: the server connection, and how often it had dropped by then. */
export interface WriteTarget {
  readonly node: Redis | null;
  readonly drops: number;
}

/**
 * Redis acknowledges a write before its replicas have it, so a master that dies right
 * after BullMQ added a job can take the job with it when a replica is promoted. The outbox
 * relay deletes its rows only after `confirm` proves that every replica online at the time
 * holds what the relay wrote: WAIT on the very connection that carried the writes (WAIT
 * counts that connection's own writes only). A connection that dropped in between proves
 * nothing, so the rows are then kept and published again (the same job ids make that harmless).
 */
@Injectable()
export class QueueReplication {
  private readonly logger = new Logger(QueueReplication.name);
  private readonly drops = new WeakMap<Redis, number>();
  private readonly replicaCounts = new WeakMap<Redis, { replicas: number; at: number }>();
  private slot: number | null = null;

  constructor(
    @Inject(QUEUE_REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Call before writing to the queues; pass the result to `confirm` afterwards. */
  target(): WriteTarget {
    if (this.config.redis.replicaWaitMs === 0) return { node: null, drops: 0 };
    const node = this.nodeHoldingQueues();
    if (node && !this.drops.has(node)) {
      this.drops.set(node, 0);
      node.on('close', () => this.drops.set(node, (this.drops.get(node) ?? 0) + 1));
    }
    return { node, drops: node ? this.drops.get(node)! : 0 };
  }

  /**
   * Resolves once every replica online at the master has the writes made since `target()`;
   * keeps waiting (one WAIT of REDIS_REPLICA_WAIT_MS at a time) while a replica lags and
   * `keepWaiting()` holds. Throws when the writes cannot be proven safe.
   */
  async confirm(target: WriteTarget, keepWaiting: () => boolean): Promise<void> {
    if (this.config.redis.replicaWaitMs === 0) return;
    const { node } = target;
    if (!node) throw new Error('cannot tell which Redis node holds the queues yet');
    const since = Date.now();
    for (let round = 0; ; round++) {
      const replicas = await this.onlineReplicas(node, round > 0);
      const acknowledged = replicas === 0 ? 0 : await node.wait(replicas, this.config.redis.replicaWaitMs);
      if (this.drops.get(node) !== target.drops || this.nodeHoldingQueues() !== node) {
        throw new Error("the connection to the queues' master changed while publishing; the jobs will be published again");
      }
      if (acknowledged >= replicas) {
        if (round > 0) this.logger.log(`Replicas caught up after ${Date.now() - since} ms`);
        return;
      }
      if (round === 0)
        this.logger.warn(
          `${acknowledged} of ${replicas} Redis replica(s) confirmed published jobs within ${this.config.redis.replicaWaitMs} ms; waiting before deleting outbox rows`,
        );
      if (!keepWaiting()) throw new Error('stopped before the replicas confirmed the published jobs');
    }
  }

  /** Replicas that are connected and streaming (ROLE lists only those); a node that is not a master fails. */
  private async onlineReplicas(node: Redis, fresh: boolean): Promise<number> {
    const known = this.replicaCounts.get(node);
    if (!fresh && known && Date.now() - known.at < ROLE_FRESH_MS) return known.replicas;
    const [role, , replicas] = (await node.role()) as [string, number, unknown[]];
    if (role !== 'master') throw new Error(`the queues' Redis node is a ${role}, not a master`);
    this.replicaCounts.set(node, { replicas: replicas.length, at: Date.now() });
    return replicas.length;
  }

  /** The server connection BullMQ's queue commands use: the node itself, or the master serving the queues' hash slot. */
  private nodeHoldingQueues(): Redis | null {
    if (!(this.redis instanceof Cluster)) return this.redis;
    this.slot ??= new Command('exists', [`${queueKeyPrefix(this.config)}:queues`]).getSlot();
    const owner = this.redis.slots[this.slot]?.[0];
    return this.redis.nodes('master').find((node) => `${node.options.host}:${node.options.port}` === owner) ?? null;
  }
}
