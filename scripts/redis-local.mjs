// Local Redis topologies for development and tests, from the `redis-server` on this machine.
//
//   node scripts/redis-local.mjs cluster  [--port 7100]   3 masters + 3 replicas (Redis Cluster)
//   node scripts/redis-local.mjs sentinel [--port 7120]   a master, a replica and 3 sentinels
//   node scripts/redis-local.mjs stop <dir>                stops what that start started, by PID
//   node scripts/redis-local.mjs cluster -- <command…>     start, run the command with the env set, always stop
//
// Nodes listen on 127.0.0.1 from --port up (a cluster also uses --port + 20000 up for its bus),
// keep their files in a fresh temp dir, and persist nothing (failover needs only replication).
// Start prints the environment to use, and the temp dir; `--json` prints that as one JSON line.
// Failure detection is quick (2 s) so failover tests stay short; production defaults are slower.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOST = '127.0.0.1';
const SENTINEL_MASTER = 'pbs';
const FAILURE_DETECTION_MS = 2000;
const STARTUP_TIMEOUT_MS = 30_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- a tiny RESP client (one command per connection), so stop and start need no packages ----

/** Sends one command; resolves with the reply as text (bulk strings and arrays flattened), rejects on error or timeout. */
function command(port, args, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port });
    let reply = '';
    const timer = setTimeout(() => finish(new Error(`no answer from ${HOST}:${port}`)), timeoutMs);
    function finish(error, value) {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(value);
    }
    socket.on('error', (error) => finish(error));
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const parsed = parseReply(reply);
      if (parsed === undefined) return;
      if (parsed instanceof Error) finish(parsed);
      else finish(null, parsed);
    });
  });
}

/** Parses a complete RESP2 reply into text (undefined while incomplete). Enough for PING, INFO, SENTINEL and CLUSTER replies. */
function parseReply(text) {
  let at = 0;
  function read() {
    const end = text.indexOf('\r\n', at);
    if (end < 0) throw RangeError();
    const type = text[at];
    const line = text.slice(at + 1, end);
    at = end + 2;
    if (type === '+' || type === ':') return line;
    if (type === '-') return new Error(line);
    if (type === '$') {
      const length = Number(line);
      if (length < 0) return '';
      const bytes = Buffer.from(text.slice(at), 'utf8');
      if (bytes.length < length + 2) throw RangeError();
      const value = bytes.subarray(0, length).toString('utf8');
      at += value.length + 2;
      return value;
    }
    if (type === '*') {
      const items = [];
      for (let i = 0; i < Number(line); i++) items.push(read());
      return items.join('\n');
    }
    throw new Error(`unexpected reply: ${text.slice(0, 40)}`);
  }
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

const answers = (port) =>
  command(port, ['PING'], 500).then(
    () => true,
    () => false,
  );

/** Something accepts connections on the port (whatever it is). */
const inUse = (port) =>
  new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function waitUntil(what, check, timeoutMs = STARTUP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// ---- processes ----

/** The process's command line, if it still runs (redis-server shows its address there). */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

/** Ours only if it is still a redis-server on the port we gave it (a PID can be reused). */
const stillOurs = (node) => {
  const line = commandLine(node.pid);
  return line !== null && /redis-(server|sentinel)/.test(line) && line.includes(`:${node.port}`);
};

/** Starts one redis-server and records it (in state.json at once, so a failed start still stops it). */
function startServer(state, record, name, port, args, role) {
  const log = openSync(join(state.dir, `${name}.log`), 'a');
  const child = spawn('redis-server', args, { cwd: state.dir, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve(record({ name, port, pid: child.pid, role })));
  });
}

const baseArgs = (port) => ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local'];

// ---- topologies ----

async function startCluster(state, record, port) {
  const ports = Array.from({ length: 6 }, (_, i) => port + i);
  for (const p of ports) {
    const args = [
      ...baseArgs(p),
      '--cluster-enabled',
      'yes',
      '--cluster-port',
      String(p + 20000),
      '--cluster-config-file',
      `nodes-${p}.conf`,
      '--cluster-node-timeout',
      String(FAILURE_DETECTION_MS),
    ];
    await startServer(state, record, `node-${p}`, p, args, 'unassigned');
  }
  for (const p of ports) await waitUntil(`redis-server on ${p}`, () => answers(p));
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `${HOST}:${p}`), '--cluster-replicas', '1', '--cluster-yes'], {
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
  for (const p of ports) {
    await waitUntil(`node ${p} to see a healthy cluster`, async () => {
      const info = await command(p, ['CLUSTER', 'INFO']);
      return /cluster_state:ok/.test(info) && /cluster_known_nodes:6\b/.test(info);
    });
    await waitUntil(`node ${p} to finish replication`, async () => {
      const replication = await command(p, ['INFO', 'replication']);
      return /role:master/.test(replication) ? /connected_slaves:1\b/.test(replication) : /master_link_status:up/.test(replication);
    });
  }
  for (const node of state.nodes) node.role = /role:master/.test(await command(node.port, ['INFO', 'replication'])) ? 'master' : 'replica';
  state.env = { REDIS_CLUSTER_NODES: ports.map((p) => `${HOST}:${p}`).join(',') };
}

async function startSentinel(state, record, port) {
  const [master, replica] = [port, port + 1];
  await startServer(state, record, 'master', master, baseArgs(master), 'master');
  await startServer(state, record, 'replica', replica, [...baseArgs(replica), '--replicaof', HOST, String(master)], 'replica');
  await waitUntil('the replica to sync', async () => /master_link_status:up/.test(await command(replica, ['INFO', 'replication'])));
  const sentinels = [port + 2, port + 3, port + 4];
  for (const p of sentinels) {
    const conf = join(state.dir, `sentinel-${p}.conf`);
    writeFileSync(
      conf,
      [
        `port ${p}`,
        `bind ${HOST}`,
        `dir ${state.dir}`,
        `sentinel monitor ${SENTINEL_MASTER} ${HOST} ${master} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER} ${FAILURE_DETECTION_MS}`,
        `sentinel failover-timeout ${SENTINEL_MASTER} 10000`,
        `sentinel parallel-syncs ${SENTINEL_MASTER} 1`,
        '',
      ].join('\n'),
    );
    await startServer(state, record, `sentinel-${p}`, p, [conf, '--sentinel'], 'sentinel');
  }
  for (const p of sentinels) {
    await waitUntil(`sentinel ${p} to see the replica and the other sentinels`, async () => {
      const fields = (await command(p, ['SENTINEL', 'MASTER', SENTINEL_MASTER])).split('\n');
      const field = (name) => Number(fields[fields.indexOf(name) + 1]);
      return field('num-slaves') === 1 && field('num-other-sentinels') === 2;
    });
  }
  state.env = { REDIS_SENTINELS: sentinels.map((p) => `${HOST}:${p}`).join(','), REDIS_SENTINEL_MASTER: SENTINEL_MASTER };
}

const TOPOLOGIES = {
  cluster: { start: startCluster, ports: (port) => Array.from({ length: 6 }, (_, i) => [port + i, port + i + 20000]).flat(), defaultPort: 7100 },
  sentinel: { start: startSentinel, ports: (port) => Array.from({ length: 5 }, (_, i) => port + i), defaultPort: 7120 },
};

async function start(kind, port) {
  const topology = TOPOLOGIES[kind];
  const busy = [];
  for (const p of topology.ports(port)) if (await inUse(p)) busy.push(p);
  if (busy.length > 0) throw new Error(`port(s) ${busy.join(', ')} already in use; pick another --port`);
  const dir = mkdtempSync(join(tmpdir(), `pbs-redis-${kind}-`));
  const state = { kind, dir, nodes: [], env: {} };
  const save = () => writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2));
  const record = (node) => {
    state.nodes.push(node);
    save();
    return node;
  };
  try {
    await topology.start(state, record, port);
    save();
    return state;
  } catch (error) {
    await stop(dir);
    throw error;
  }
}

/** Stops every process the start in `dir` recorded (SIGTERM, then SIGKILL), then removes the dir. */
async function stop(dir) {
  const file = join(dir, 'state.json');
  if (!existsSync(file)) throw new Error(`${file} not found: nothing started there`);
  const { nodes } = JSON.parse(readFileSync(file, 'utf8'));
  const running = nodes.filter(stillOurs);
  for (const node of running) process.kill(node.pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (running.some(stillOurs) && Date.now() < deadline) await sleep(50);
  for (const node of running.filter(stillOurs)) process.kill(node.pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  return running.length;
}

/** Starts the topology, runs `argv` with its environment, and stops the topology whatever happens. */
async function runWith(kind, port, argv) {
  const state = await start(kind, port);
  console.log(
    `Redis ${kind} up (${Object.entries(state.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}); running: ${argv.join(' ')}`,
  );
  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...process.env, REDIS_URL: '', ...state.env } });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  await stop(state.dir);
  return code;
}

function summary(state) {
  const exports = Object.entries(state.env).map(([k, v]) => `export ${k}=${v}`);
  const nodes = state.nodes.map((n) => `${n.role} ${HOST}:${n.port} (pid ${n.pid})`).join(', ');
  return [`# Redis ${state.kind}: ${nodes}`, `# files in ${state.dir}`, ...exports, `# stop it: node scripts/redis-local.mjs stop ${state.dir}`].join('\n');
}

async function main(args) {
  const [verb, ...rest] = args;
  if (verb === 'stop' && rest[0]) {
    console.log(`stopped ${await stop(rest[0])} process(es)`);
    return 0;
  }
  if (!TOPOLOGIES[verb]) {
    console.error('usage: redis-local.mjs cluster|sentinel [--port N] [--json] [-- command…] | stop <dir>');
    return 2;
  }
  const separator = rest.indexOf('--');
  const options = separator < 0 ? rest : rest.slice(0, separator);
  const portAt = options.indexOf('--port');
  const port = portAt >= 0 ? Number(options[portAt + 1]) : TOPOLOGIES[verb].defaultPort;
  if (!Number.isInteger(port) || port < 1024 || port > 45000) throw new Error(`--port must be a whole number from 1024 to 45000, got ${options[portAt + 1]}`);
  if (separator >= 0) return runWith(verb, port, rest.slice(separator + 1));
  const state = await start(verb, port);
  console.log(options.includes('--json') ? JSON.stringify(state) : summary(state));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`redis-local: ${error.message}`);
    process.exit(1);
  },
);
