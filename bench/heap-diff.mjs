#!/usr/bin/env node
// Compares two V8 heap snapshots (e.g. the ones `npm run bench -- --only=memory --heap-snapshots` writes before and
// after the memory phase) and prints what grew, by constructor, and how the grown objects are held:
//
//   node --max-old-space-size=8192 bench/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot> [--top=25] [--paths=3]
//
// For the classes that grew most it prints the shortest retaining path from the GC roots of a few objects
// that exist only in the second snapshot (weak edges skipped), which names the map, array or closure that
// keeps them alive.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const TOP = option('top', 25);
const PATHS = option('paths', 3);
if (files.length !== 2) {
  console.error('usage: node bench/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot> [--top=25] [--paths=3]');
  process.exit(2);
}

function load(file) {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields;
  const ef = meta.edge_fields;
  const s = {
    nodes: raw.nodes,
    edges: raw.edges,
    strings: raw.strings,
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
    N: nf.length,
    E: ef.length,
    type: nf.indexOf('type'),
    name: nf.indexOf('name'),
    id: nf.indexOf('id'),
    size: nf.indexOf('self_size'),
    edgeCount: nf.indexOf('edge_count'),
    edgeType: ef.indexOf('type'),
    edgeName: ef.indexOf('name_or_index'),
    edgeTo: ef.indexOf('to_node'),
  };
  s.count = s.nodes.length / s.N;
  s.firstEdge = new Uint32Array(s.count + 1);
  for (let i = 0, e = 0; i < s.count; i++) {
    s.firstEdge[i] = e;
    e += s.nodes[i * s.N + s.edgeCount] * s.E;
    s.firstEdge[i + 1] = e;
  }
  return s;
}

const typeOf = (s, i) => s.nodeTypes[s.nodes[i * s.N + s.type]];
const nameOf = (s, i) => s.strings[s.nodes[i * s.N + s.name]];
const label = (s, i) => {
  const type = typeOf(s, i);
  if (type === 'object' || type === 'closure' || type === 'native' || type === 'synthetic') return `${type}:${nameOf(s, i)}`;
  return type === 'string' || type === 'concatenated string' || type === 'sliced string' ? 'string' : `${type}:${nameOf(s, i).slice(0, 40)}`;
};

function histogram(s) {
  const out = new Map();
  for (let i = 0; i < s.count; i++) {
    const key = label(s, i);
    const row = out.get(key) ?? { count: 0, bytes: 0 };
    row.count += 1;
    row.bytes += s.nodes[i * s.N + s.size];
    out.set(key, row);
  }
  return out;
}

/** Parent of every node on a shortest path from the root, over strong edges only. */
function shortestPaths(s) {
  const parent = new Int32Array(s.count).fill(-1);
  const parentEdge = new Int32Array(s.count).fill(-1);
  parent[0] = 0;
  const queue = new Uint32Array(s.count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const from = queue[head++];
    for (let e = s.firstEdge[from]; e < s.firstEdge[from + 1]; e += s.E) {
      if (s.edgeTypes[s.edges[e + s.edgeType]] === 'weak') continue;
      const to = s.edges[e + s.edgeTo] / s.N;
      if (parent[to] !== -1) continue;
      parent[to] = from;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  return { parent, parentEdge };
}

function edgeLabel(s, e) {
  const type = s.edgeTypes[s.edges[e + s.edgeType]];
  const nameOrIndex = s.edges[e + s.edgeName];
  return type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : `.${s.strings[nameOrIndex]}`;
}

/** The path from the roots to node i; a long chain (a linked list) is shown by its root end and its last steps. */
function pathTo(s, paths, i) {
  const steps = [];
  for (let node = i; node !== 0; node = paths.parent[node]) {
    if (paths.parent[node] === -1) return '(unreachable over strong edges)';
    steps.push(`${edgeLabel(s, paths.parentEdge[node])} → ${label(s, node)}`);
  }
  steps.reverse();
  if (steps.length <= 16) return steps.join('\n      ');
  return [...steps.slice(0, 6), `… ${steps.length - 14} more steps …`, ...steps.slice(-8)].join('\n      ');
}

const mb = (bytes) => (bytes / 2 ** 20).toFixed(2);
const [before, after] = files.map(load);
const [hBefore, hAfter] = [histogram(before), histogram(after)];
const total = (h) => [...h.values()].reduce((sum, r) => sum + r.bytes, 0);
console.log(`before: ${before.count} objects, ${mb(total(hBefore))} MB self size; after: ${after.count} objects, ${mb(total(hAfter))} MB`);

const grown = [...hAfter]
  .map(([key, r]) => {
    const b = hBefore.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: r.count - b.count, bytes: r.bytes - b.bytes, before: b.count, after: r.count };
  })
  .sort((a, b) => b.bytes - a.bytes);
console.log(`\ngrew most (self size), top ${TOP}:`);
for (const g of grown.slice(0, TOP))
  console.log(`  ${mb(g.bytes).padStart(8)} MB  ${String(g.count).padStart(8)} objects (${g.before} → ${g.after})  ${g.key}`);

const idsBefore = new Set();
for (let i = 0; i < before.count; i++) idsBefore.add(before.nodes[i * before.N + before.id]);
const paths = shortestPaths(after);
console.log(`\nhow new objects of the classes that grew are held (shortest strong path from the roots):`);
for (const g of grown.filter((x) => x.count > 100 && !x.key.startsWith('code') && !x.key.startsWith('hidden')).slice(0, 8)) {
  console.log(`\n  ${g.key} (+${g.count})`);
  let shown = 0;
  for (let i = after.count - 1; i >= 0 && shown < PATHS; i--) {
    if (label(after, i) !== g.key || idsBefore.has(after.nodes[i * after.N + after.id])) continue;
    console.log(`    #${shown + 1}\n      ${pathTo(after, paths, i)}`);
    shown += 1;
  }
}
