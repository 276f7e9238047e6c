import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../scripts/redis-local.mjs', import.meta.url));

export interface LocalRedisNode {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** As started; a failover changes who is master (see `masterHolding`). */
  readonly role: 'master' | 'replica' | 'sentinel';
}

/**
 * A Redis Cluster (3 masters + 3 replicas) or a Sentinel setup (master, replica, 3 sentinels)
 * started by `scripts/redis-local.mjs` on the given ports, for tests that need replicas or
 * failover. `stop()` stops exactly the processes it started.
 */
export class LocalRedis {
  private constructor(
    readonly kind: 'cluster' | 'sentinel',
    readonly dir: string,
    readonly nodes: readonly LocalRedisNode[],
    /**
     * REDIS_CLUSTER_NODES, or REDIS_SENTINELS and REDIS_SENTINEL_MASTER, with every other topology
     * variable blanked: a spec that starts its own topology inside `npm run test:topologies` (where
     * the process already points at a cluster) must connect to exactly this one.
     */
    readonly env: Record<string, string>,
  ) {}

  static async start(kind: 'cluster' | 'sentinel', port: number): Promise<LocalRedis> {
    const { stdout } = await run(process.execPath, [SCRIPT, kind, '--port', String(port), '--json'], { timeout: 60_000 });
    const state = JSON.parse(stdout.trim().split('\n').at(-1)!) as { dir: string; nodes: LocalRedisNode[]; env: Record<string, string> };
    const unset = { REDIS_URL: '', REDIS_CLUSTER_NODES: '', REDIS_SENTINELS: '', REDIS_SENTINEL_MASTER: '' };
    return new LocalRedis(kind, state.dir, state.nodes, { ...unset, ...state.env });
  }

  async stop(): Promise<void> {
    await run(process.execPath, [SCRIPT, 'stop', this.dir], { timeout: 30_000 });
  }

  node(port: number): LocalRedisNode {
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no node of this ${this.kind} on port ${port}`);
    return node;
  }

  /** The port of the data node that is master for `key` now, as the cluster or the sentinels report it. */
  async masterHolding(key: string): Promise<number> {
    if (this.kind === 'sentinel') {
      const [, port] = (await this.askAnyNode('sentinel', ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.env.REDIS_SENTINEL_MASTER!])) as [string, string];
      return Number(port);
    }
    const slot = Number(await this.askAnyNode('data', ['CLUSTER', 'KEYSLOT', key]));
    const ranges = (await this.askAnyNode('data', ['CLUSTER', 'SLOTS'])) as Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>;
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no master serves slot ${slot}`);
    return Number(range[2][1]);
  }

  /** Runs a command on the first node of that kind that answers (some may have been killed). */
  private async askAnyNode(kind: 'sentinel' | 'data', command: [string, ...string[]]): Promise<unknown> {
    for (const candidate of this.nodes.filter((n) => (n.role === 'sentinel') === (kind === 'sentinel'))) {
      const node = new Redis({
        port: candidate.port,
        lazyConnect: true,
        connectTimeout: 500,
        commandTimeout: 1000,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await node.connect();
        return await node.call(...command);
      } catch {
        continue; // killed or frozen: ask the next one
      } finally {
        node.disconnect();
      }
    }
    throw new Error(`no ${kind} node of this ${this.kind} answers`);
  }

  /** SIGKILL: the node dies at once, as in a crash. */
  kill(port: number): void {
    process.kill(this.node(port).pid, 'SIGKILL');
  }

  /** SIGSTOP / SIGCONT: the node stays connected but answers nothing (a replica that lags). */
  freeze(port: number): void {
    process.kill(this.node(port).pid, 'SIGSTOP');
  }

  thaw(port: number): void {
    process.kill(this.node(port).pid, 'SIGCONT');
  }
}
