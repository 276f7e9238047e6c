import { ConfigError } from './app-config.js';

export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/** Which Redis the service talks to: one node, a Sentinel-managed master, or a Redis Cluster. */
export type RedisTopology =
  | { readonly kind: 'single'; readonly url: string }
  | { readonly kind: 'sentinel'; readonly sentinels: readonly RedisAddress[]; readonly masterName: string }
  | { readonly kind: 'cluster'; readonly nodes: readonly RedisAddress[] };

export interface RedisConfig {
  /** REDIS_URL as given (or its default); only the single-node topology connects to it. */
  readonly url: string;
  /** QUEUE_PREFIX: the start of every key and channel name the service uses. */
  readonly queuePrefix: string;
  readonly topology: RedisTopology;
  /** Credentials of the data nodes behind Sentinel or in a Cluster (one node takes them from REDIS_URL). */
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** The sentinels' own password, when they require one. */
  readonly sentinelPassword: string | undefined;
  /**
   * How long one replication check may block before it is repeated: the outbox relay deletes
   * its rows only once every online replica of the queues' master has the jobs. 0 turns it off.
   */
  readonly replicaWaitMs: number;
}

type Env = Record<string, string | undefined>;

const given = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** `host:port,host:port` (IPv6 as `[::1]:7000`). */
function addressList(env: Env, name: string): RedisAddress[] | undefined {
  const raw = given(env, name);
  if (raw === undefined) return undefined;
  return raw.split(',').map((entry) => {
    const match = entry.trim().match(/^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535) throw new ConfigError(name, `must be a comma-separated list of host:port, got "${entry.trim()}"`);
    return { host: match[1] ?? match[2]!, port };
  });
}

function topologyOf(env: Env, url: string, queuePrefix: string): RedisTopology {
  const clusterNodes = addressList(env, 'REDIS_CLUSTER_NODES');
  const sentinels = addressList(env, 'REDIS_SENTINELS');
  const masterName = given(env, 'REDIS_SENTINEL_MASTER');
  const chosen = clusterNodes ? 'REDIS_CLUSTER_NODES' : sentinels ? 'REDIS_SENTINELS' : undefined;
  if (clusterNodes && sentinels) throw new ConfigError('REDIS_CLUSTER_NODES', 'cannot be combined with REDIS_SENTINELS: choose one Redis topology');
  if (chosen && given(env, 'REDIS_URL')) throw new ConfigError('REDIS_URL', `cannot be combined with ${chosen}: choose one Redis topology`);
  if (sentinels && !masterName)
    throw new ConfigError('REDIS_SENTINEL_MASTER', 'is required with REDIS_SENTINELS (the master group name the sentinels monitor)');
  if (!sentinels && masterName) throw new ConfigError('REDIS_SENTINEL_MASTER', 'is only used with REDIS_SENTINELS');
  if (!sentinels && given(env, 'REDIS_SENTINEL_PASSWORD')) throw new ConfigError('REDIS_SENTINEL_PASSWORD', 'is only used with REDIS_SENTINELS');
  if (!chosen) {
    for (const name of ['REDIS_USERNAME', 'REDIS_PASSWORD']) {
      if (given(env, name))
        throw new ConfigError(name, 'is only used with REDIS_CLUSTER_NODES or REDIS_SENTINELS (for one node, put the credentials in REDIS_URL)');
    }
  }
  if (clusterNodes && /[{}]/.test(queuePrefix)) {
    throw new ConfigError('QUEUE_PREFIX', 'must not contain { or } with REDIS_CLUSTER_NODES: the service puts the queues in one hash tag itself');
  }
  if (clusterNodes) return { kind: 'cluster', nodes: clusterNodes };
  if (sentinels) return { kind: 'sentinel', sentinels, masterName: masterName! };
  return { kind: 'single', url };
}

/** The Redis part of the configuration; `url` and `queuePrefix` are parsed by the caller. */
export function loadRedisConfig(env: Env, parsed: { url: string; queuePrefix: string; replicaWaitMs: number }): RedisConfig {
  return {
    url: parsed.url,
    queuePrefix: parsed.queuePrefix,
    topology: topologyOf(env, parsed.url, parsed.queuePrefix),
    username: given(env, 'REDIS_USERNAME'),
    password: env.REDIS_PASSWORD || undefined,
    sentinelPassword: env.REDIS_SENTINEL_PASSWORD || undefined,
    replicaWaitMs: parsed.replicaWaitMs,
  };
}
