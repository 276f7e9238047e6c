import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { AppConfig } from '@app/config';
import { redisErrorLog } from './redis-error-log.js';

/** A shared general-purpose Redis connection (not for blocking commands). */
export const REDIS = Symbol('REDIS');
/** The connection every BullMQ queue of this process shares (workers duplicate it). */
export const QUEUE_REDIS = Symbol('QUEUE_REDIS');

/** One node, a Sentinel-managed master, or a whole Redis Cluster: the commands the service uses work on each. */
export type RedisClient = Redis | Cluster;

/** How a connection behaves during an outage; the same words apply to every topology. */
export interface RedisTuning {
  /** Reconnection attempts before a command fails; `null` waits for Redis forever (BullMQ's connections). Default 2. */
  maxRetriesPerRequest?: number | null;
  /** `false`: a command sent while disconnected fails at once instead of waiting. */
  enableOfflineQueue?: boolean;
  /** Commands issued in the same tick go out in one round trip. */
  enableAutoPipelining?: boolean;
}

const CONNECT_TIMEOUT_MS = 3000;
const reconnectDelay = (times: number) => Math.min(times * 200, 2000);
/** A master demoted by a failover answers writes with READONLY: reconnect (to the new master) and resend. */
const reconnectOnReadOnly = (error: Error) => (error.message.startsWith('READONLY') ? 2 : false);

function singleNodeOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * The one place that builds Redis connections, for whichever topology REDIS_URL,
 * REDIS_SENTINELS or REDIS_CLUSTER_NODES chose. `maxRetriesPerRequest` defaults to 2 so
 * that callers see an outage instead of waiting through it.
 */
export function createRedis(config: AppConfig, tuning: RedisTuning = {}): RedisClient {
  const client = connect(config, tuning);
  client.on('error', redisErrorLog(`connection to ${config.redis.topology.kind === 'single' ? 'Redis' : `the Redis ${config.redis.topology.kind}`}`));
  return client;
}

function connect(config: AppConfig, tuning: RedisTuning): RedisClient {
  const { maxRetriesPerRequest = 2, enableOfflineQueue = true, enableAutoPipelining = false } = tuning;
  const { topology, username, password } = config.redis;
  const perNode = { connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest, enableReadyCheck: true };
  switch (topology.kind) {
    case 'single':
      return new Redis({
        ...singleNodeOptions(topology.url),
        ...perNode,
        enableOfflineQueue,
        enableAutoPipelining,
        retryStrategy: reconnectDelay,
        reconnectOnError: reconnectOnReadOnly,
      });
    case 'sentinel':
      return new Redis({
        sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
        name: topology.masterName,
        role: 'master',
        username,
        password,
        sentinelPassword: config.redis.sentinelPassword,
        // Not ioredis's failoverDetector: quit() leaves its sentinel connections open. A dead master
        // drops the connection, and a demoted one answers READONLY; both reconnect via the sentinels.
        ...perNode,
        enableOfflineQueue,
        enableAutoPipelining,
        retryStrategy: reconnectDelay,
        sentinelRetryStrategy: reconnectDelay,
        reconnectOnError: reconnectOnReadOnly,
      });
    case 'cluster': {
      const options: ClusterOptions = {
        redisOptions: { ...perNode, username, password },
        enableOfflineQueue,
        enableAutoPipelining,
        clusterRetryStrategy: reconnectDelay,
        // While a replica is promoted, the cluster answers CLUSTERDOWN: commands are retried every
        // 300 ms, as often as BullMQ's connections need (16 tries, about 5 s) or, for the others,
        // only as often as their retry budget says, so that callers see the outage.
        retryDelayOnFailover: 300,
        retryDelayOnClusterDown: 300,
        maxRedirections: maxRetriesPerRequest === null ? 16 : maxRetriesPerRequest + 1,
        slotsRefreshTimeout: 2000,
      };
      return new Cluster(
        topology.nodes.map(({ host, port }) => ({ host, port })),
        options,
      );
    }
  }
}

/**
 * The prefix of every BullMQ key. On a Cluster, BullMQ's scripts touch several keys of a
 * queue at once, so they must share a hash slot: the prefix becomes a hash tag (`{pbs}`),
 * which puts all queues on one master. Other keys (rate limits, delivery leases) keep the
 * plain prefix and spread over the cluster.
 */
export function queueKeyPrefix(config: AppConfig): string {
  const prefix = config.redis.queuePrefix;
  return config.redis.topology.kind === 'cluster' ? `{${prefix}}` : prefix;
}

/** The connection BullMQ queues share: it waits through outages (workers duplicate it). */
export function createQueueRedis(config: AppConfig): RedisClient {
  return createRedis(config, { maxRetriesPerRequest: null });
}

/**
 * Readiness: the node answers; on a Cluster, the cluster reports every slot served and
 * each master answers (a master that died and has not been replaced fails the check).
 */
export async function checkRedis(client: RedisClient): Promise<void> {
  if (!(client instanceof Cluster)) {
    await client.ping();
    return;
  }
  const info = String(await client.cluster('INFO'));
  if (!/^cluster_state:ok\b/m.test(info)) throw new Error('Redis Cluster is not serving every slot');
  await Promise.all(client.nodes('master').map((node) => node.ping()));
}

/** Closes a connection politely, or drops it when Redis is not answering. */
export async function closeRedis(client: RedisClient | null | undefined): Promise<void> {
  if (!client || client.status === 'end') return;
  await client.quit().catch(() => client.disconnect());
}
