#!/usr/bin/env node
// Summarises V8 .cpuprofile files (from `npm run bench -- --profile`): self time by package
// and the hottest functions. Usage: node bench/profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));

function bucket(url, name) {
  if (!url) return name === '(garbage collector)' ? '(gc)' : name === '(idle)' ? '(idle)' : name === '(program)' ? '(program)' : '(native/other)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const app = /(apps\/[^/]+|libs\/[^/]+)/.exec(url);
  return app ? app[1] : url;
}

const byBucket = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const { url, functionName, lineNumber } = node.callFrame;
  const b = bucket(url, functionName);
  total += us;
  byBucket.set(b, (byBucket.get(b) ?? 0) + us);
  const key = `${functionName || '(anonymous)'}  ${url ? `${url.replace(/^.*?(node_modules\/|bench\/\.dist\/)/, '')}:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const busy = total - (byBucket.get('(idle)') ?? 0);

// Inclusive: a sample counts once for every package/area that appears anywhere on its stack.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const { url, functionName } = byId.get(cur).callFrame;
    if (url) seen.add(bucket(url, functionName));
  }
  for (const b of seen) inclusive.set(b, (inclusive.get(b) ?? 0) + us);
}
const pct = (us, of) => `${((100 * us) / of).toFixed(1).padStart(5)} %`;
console.log(`${file}\n  sampled ${(total / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s (shares below are of busy time)\n`);
console.log('self time by package / area:');
for (const [b, us] of [...byBucket]
  .filter(([b]) => b !== '(idle)')
  .sort((a, c) => c[1] - a[1])
  .slice(0, top))
  console.log(`  ${pct(us, busy)}  ${b}`);
console.log('\ninclusive time by package / area (on the stack, callees included):');
for (const [b, us] of [...inclusive].sort((a, c) => c[1] - a[1]).slice(0, top)) console.log(`  ${pct(us, busy)}  ${b}`);
console.log('\nhottest functions (self):');
for (const [f, us] of [...byFunction]
  .filter(([f]) => !f.startsWith('(idle)'))
  .sort((a, c) => c[1] - a[1])
  .slice(0, top))
  console.log(`  ${pct(us, busy)}  ${f}`);
