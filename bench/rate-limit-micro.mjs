#!/usr/bin/env node
// `node bench/rate-limit-micro.mjs [requests] [users]` (after a bench build: uses bench/.dist):
// the rate limiter alone, before and after issue 13, against the local Redis, in alternating rounds.
//   before: @fastify/rate-limit's Redis store, both budgets (IP, user) checked per request in one pipelined round trip
//   after:  SharedBudgets (apps/api/src/http/shared-budgets.ts): local counts, sent to Redis in batches
// 32 concurrent callers, one shared IP; every request a distinct user (like the write figure), or `users` users in turn (the read figure has 20).
// Reports per request: this process's CPU (µs), Redis commands sent, and the time the request waited.
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '../scripts/lib/redis-keys.mjs';
import { loadAvg1m } from './lib/rounds.mjs';
import { median, now, round } from './lib/util.mjs';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '.dist');
const { SharedBudgets } = await import(pathToFileURL(join(DIST, 'apps/api/src/http/shared-budgets.js')).href);
const REQUESTS = Number(process.argv[2] ?? 20_000);
const CALLERS = 32;
const USERS = Number(process.argv[3] ?? 0);
const BUDGET = 10_000_000;
const prefix = `benchrl_${randomBytes(4).toString('hex')}`;

function counted(redis) {
  let commands = 0;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    commands++;
    return send(command, stream);
  };
  return () => commands;
}

async function before() {
  const redis = new Redis({ enableOfflineQueue: false, maxRetriesPerRequest: 0, enableAutoPipelining: true });
  await new Promise((resolve) => redis.once('ready', resolve));
  const fastify = Fastify();
  await fastify.register(rateLimit, { global: false, redis, nameSpace: `${prefix}:old:`, skipOnError: true });
  await fastify.ready();
  const ip = fastify.createRateLimit({ max: BUDGET, timeWindow: 60_000, keyGenerator: (r) => `ip:${r.ip}` });
  const user = fastify.createRateLimit({ max: BUDGET, timeWindow: 60_000, keyGenerator: (r) => r.userKey });
  return { redis, check: (request) => Promise.all([ip(request), user(request)]), close: () => fastify.close() };
}

async function after() {
  const redis = new Redis({ enableOfflineQueue: false, maxRetriesPerRequest: 0, enableAutoPipelining: true });
  await new Promise((resolve) => redis.once('ready', resolve));
  const ip = new SharedBudgets(redis, `${prefix}:new:`, BUDGET, 60_000);
  const user = new SharedBudgets(redis, `${prefix}:new:`, BUDGET, 60_000);
  return {
    redis,
    check: (request) => Promise.all([ip.spend(`ip:${request.ip}`), user.spend(request.userKey)]),
    close: () => Promise.all([ip.flush(), user.flush()]),
  };
}

async function measure(make, round) {
  const limiter = await make();
  const commands = counted(limiter.redis);
  let next = 0;
  const waits = [];
  const cpu0 = process.cpuUsage();
  const t0 = now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < REQUESTS) {
        const request = { ip: '127.0.0.1', userKey: `user:${round}:${USERS ? next++ % USERS : next++}`, headers: {}, routeOptions: { config: {} } };
        const t = now();
        await limiter.check(request);
        waits.push(now() - t);
      }
    }),
  );
  const wall = now() - t0;
  await limiter.close();
  const cpu = process.cpuUsage(cpu0);
  const sent = commands();
  limiter.redis.disconnect();
  return { cpuUs: (cpu.user + cpu.system) / REQUESTS, commands: sent / REQUESTS, waitMs: median(waits), perSec: (REQUESTS / wall) * 1000 };
}

const rounds = { before: [], after: [], load: [] };
for (let k = 0; k < 5; k++) {
  rounds.load.push(loadAvg1m());
  for (const side of k % 2 ? ['after', 'before'] : ['before', 'after']) rounds[side].push(await measure(side === 'before' ? before : after, k));
}
const cleanup = new Redis();
await deleteKeysWithPrefix(cleanup, prefix);
cleanup.disconnect();
const summary = (side, key, d = 2) =>
  `${round(median(rounds[side].map((x) => x[key])), d)} [${round(Math.min(...rounds[side].map((x) => x[key])), d)}–${round(Math.max(...rounds[side].map((x) => x[key])), d)}]`;
console.log(
  `${REQUESTS} requests, ${USERS || 'all distinct'} users, × 5 alternating rounds, ${CALLERS} concurrent callers; 1-min load average per round: ${rounds.load.join(', ')}`,
);
for (const side of ['before', 'after']) {
  console.log(
    `${side.padEnd(6)}  CPU µs/request ${summary(side, 'cpuUs', 1)}  Redis commands/request ${summary(side, 'commands', 3)}  wait p50 ms ${summary(side, 'waitMs', 3)}  checks/s ${summary(side, 'perSec', 0)}`,
  );
}
