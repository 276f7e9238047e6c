// Command-line options and run sizes of `npm run bench` (see BENCHMARKS.md → Running it).
import { randomBytes } from 'node:crypto';

const argv = new Set(process.argv.slice(2));
const valueOf = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

export const OPTIONS = {
  quick: argv.has('--quick'),
  profile: argv.has('--profile'),
  keepWorker: argv.has('--keep-worker-running'),
  trace: argv.has('--trace-queries'),
  noRateLimit: argv.has('--no-rate-limit'),
  build: argv.has('--build'),
  noBuild: argv.has('--no-build'),
  heapSnapshots: argv.has('--heap-snapshots'),
  only: valueOf('only')?.split(','),
  memoryNotices: Number(valueOf('memory-notices') ?? 0),
  // --rounds=N overrides the number of alternating rounds (service, baseline, service, …) per figure.
  rounds: Number(valueOf('rounds') ?? 0),
};

const QUICK_SIZES = {
  accounts: 80,
  partners: 67,
  readAccounts: 6,
  rounds: 2,
  writeAmount: 300,
  writeWarm: 64,
  readSeconds: 1,
  pipelineAmount: 200,
  latencyRounds: 2,
  latencySeconds: 1.5,
  searchPartners: 10_000,
  searchQueries: 40,
  searchRounds: 2,
  memoryNotices: 1000,
  retentionRows: 100_000,
  retentionBaselineSeconds: 5,
  auditRows: 100_000,
  decertifiedAccounts: 10_000,
};
const FULL_SIZES = {
  accounts: 500,
  partners: 401,
  readAccounts: 20,
  rounds: 5,
  writeAmount: 4000,
  writeWarm: 1000,
  readSeconds: 5,
  pipelineAmount: 3000,
  latencyRounds: 3,
  latencySeconds: 10,
  searchPartners: 100_000,
  searchQueries: 400,
  searchRounds: 3,
  memoryNotices: 100_000,
  retentionRows: 1_000_000,
  retentionBaselineSeconds: 20,
  auditRows: 1_000_000,
  decertifiedAccounts: 100_000,
};

/** Sizes. Quick must finish in about a minute including start-up; full takes ~10 minutes. */
export const SIZES = { ...(OPTIONS.quick ? QUICK_SIZES : FULL_SIZES) };
if (OPTIONS.memoryNotices > 0) SIZES.memoryNotices = OPTIONS.memoryNotices;
if (OPTIONS.rounds > 0) SIZES.rounds = OPTIONS.rounds;

export const CONNECTIONS = 32;

const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
/** This run's names and secrets: a fresh database and Redis prefixes, removed at the end. */
export const RUN = {
  id: runId,
  dbName: `bench_${runId}`,
  queuePrefix: `bench_${runId}`,
  barePrefix: `benchbare_${runId}`,
  operatorToken: `op-${randomBytes(16).toString('hex')}`,
  jwtSecret: randomBytes(32).toString('hex'),
  // Webhook signing secrets are stored sealed with it; the bare worker opens them the same way.
  secretsKey: randomBytes(32).toString('base64'),
};
