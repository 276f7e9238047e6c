import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

/** What loading `env` throws (undefined when it loads). */
function thrownBy(env: Record<string, string>): unknown {
  try {
    loadConfig(env);
  } catch (error) {
    return error;
  }
  return undefined;
}

const SENTINELS = { REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_MASTER: 'pbs' };
const CLUSTER = { REDIS_CLUSTER_NODES: 'redis-a:7000,redis-b:7001' };

describe('Redis topology configuration', () => {
  it('defaults to the one node of REDIS_URL, waiting up to 1 s for replicas before outbox rows are deleted', () => {
    expect(loadConfig({}).redis).toMatchObject({ topology: { kind: 'single', url: 'redis://127.0.0.1:6379' }, queuePrefix: 'pbs', replicaWaitMs: 1000 });
    expect(loadConfig({ REDIS_URL: 'redis://cache:6380/1' }).redis.topology).toEqual({ kind: 'single', url: 'redis://cache:6380/1' });
  });

  it('reads a Cluster from REDIS_CLUSTER_NODES, IPv6 included, with credentials for its nodes', () => {
    const redis = loadConfig({ REDIS_CLUSTER_NODES: ' redis-a:7000, 10.0.0.2:7001,[fd00::3]:7002 ', REDIS_USERNAME: 'pbs', REDIS_PASSWORD: 'p:w@d' }).redis;
    expect(redis.topology).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'redis-a', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'fd00::3', port: 7002 },
      ],
    });
    expect(redis).toMatchObject({ username: 'pbs', password: 'p:w@d' });
  });

  it("reads Sentinel from REDIS_SENTINELS and REDIS_SENTINEL_MASTER, with the sentinels' own password", () => {
    const redis = loadConfig({ ...SENTINELS, REDIS_PASSWORD: 'data', REDIS_SENTINEL_PASSWORD: 'watch' }).redis;
    expect(redis.topology).toEqual({
      kind: 'sentinel',
      masterName: 'pbs',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
    });
    expect(redis).toMatchObject({ password: 'data', sentinelPassword: 'watch' });
  });

  it('REDIS_REPLICA_WAIT_MS=0 turns the replication wait off', () => {
    expect(loadConfig({ ...CLUSTER, REDIS_REPLICA_WAIT_MS: '0' }).redis.replicaWaitMs).toBe(0);
  });

  it.each([
    ['two topologies at once', { ...CLUSTER, ...SENTINELS }, 'REDIS_CLUSTER_NODES'],
    ['REDIS_URL with a Cluster', { ...CLUSTER, REDIS_URL: 'redis://cache:6379' }, 'REDIS_URL'],
    ['REDIS_URL with Sentinel', { ...SENTINELS, REDIS_URL: 'redis://cache:6379' }, 'REDIS_URL'],
    ['sentinels without a master name', { REDIS_SENTINELS: '10.0.0.1:26379' }, 'REDIS_SENTINEL_MASTER'],
    ['a master name without sentinels', { REDIS_SENTINEL_MASTER: 'pbs' }, 'REDIS_SENTINEL_MASTER'],
    ['a sentinel password without sentinels', { ...CLUSTER, REDIS_SENTINEL_PASSWORD: 'x' }, 'REDIS_SENTINEL_PASSWORD'],
    ['a password beside REDIS_URL (it belongs in the URL)', { REDIS_PASSWORD: 'x' }, 'REDIS_PASSWORD'],
    ['a username beside REDIS_URL', { REDIS_USERNAME: 'x' }, 'REDIS_USERNAME'],
    ['a node without a port', { REDIS_CLUSTER_NODES: 'redis-a:7000,redis-b' }, 'REDIS_CLUSTER_NODES'],
    ['a port out of range', { REDIS_CLUSTER_NODES: 'redis-a:70000' }, 'REDIS_CLUSTER_NODES'],
    ['an empty entry', { REDIS_SENTINELS: 'a:1,,b:2', REDIS_SENTINEL_MASTER: 'pbs' }, 'REDIS_SENTINELS'],
    ['a URL instead of host:port', { REDIS_CLUSTER_NODES: 'redis://redis-a:7000' }, 'REDIS_CLUSTER_NODES'],
    ['a queue prefix with its own braces on a Cluster', { ...CLUSTER, QUEUE_PREFIX: '{pbs}' }, 'QUEUE_PREFIX'],
    ['a negative replica wait', { REDIS_REPLICA_WAIT_MS: '-1' }, 'REDIS_REPLICA_WAIT_MS'],
  ])('%s stops start-up, naming the variable', (_case, env, variable) => {
    const error = thrownBy(env as Record<string, string>);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable, message: expect.stringContaining(variable) });
  });

  it('never repeats a password in its messages', () => {
    const error = thrownBy({ REDIS_CLUSTER_NODES: 'redis-a', REDIS_PASSWORD: 'hunter2-secret' });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('hunter2-secret');
  });
});
