// Preloaded with `node --expose-gc --require` into the worker the bench starts (never into a deployed
// process). It listens on 127.0.0.1:$BENCH_HEAP_PROBE_PORT; `GET /heap` answers the V8 heap in use, then
// forces a full garbage collection and answers the heap still in use after it (what is really retained)
// with the RSS:
//   {"heapUsedMb":…,"heapUsedAfterGcMb":…,"heapTotalAfterGcMb":…,"externalAfterGcMb":…,"rssAfterGcMb":…}
// With BENCH_HEAP_SNAPSHOT_DIR set it also writes a heap snapshot after the collection there, to compare
// two of them (bench/heap-diff.mjs) and find what grew and what holds it.
// (An HTTP probe rather than a signal: Nest's shutdown hooks treat SIGUSR2 as a shutdown request.)
const { createServer } = require('node:http');
const { join } = require('node:path');
const v8 = require('node:v8');

const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
let probes = 0;

const turn = () => new Promise((resolve) => setTimeout(resolve, 50));

async function probe() {
  probes += 1;
  const before = process.memoryUsage();
  // Collect, let the event loop run the FinalizationRegistry callbacks of what was collected (Node's
  // AbortSignal.timeout keeps each timer in one until its signal is gone), then collect what they freed.
  globalThis.gc();
  await turn();
  globalThis.gc();
  await turn();
  globalThis.gc();
  const after = process.memoryUsage();
  const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
  const snapshot = dir ? v8.writeHeapSnapshot(join(dir, `worker-${process.pid}-${probes}.heapsnapshot`)) : undefined;
  return {
    heapUsedMb: mb(before.heapUsed),
    heapUsedAfterGcMb: mb(after.heapUsed),
    heapTotalAfterGcMb: mb(after.heapTotal),
    externalAfterGcMb: mb(after.external),
    rssAfterGcMb: mb(after.rss),
    ...(snapshot && { snapshot }),
  };
}

const port = Number(process.env.BENCH_HEAP_PROBE_PORT);
if (typeof globalThis.gc !== 'function' || !port) throw new Error('heap-probe.cjs needs --expose-gc and BENCH_HEAP_PROBE_PORT');
const server = createServer((req, res) => {
  if (req.url !== '/heap') return res.writeHead(404).end();
  probe().then((figures) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(figures)));
});
server.listen(port, '127.0.0.1');
server.unref(); // never keeps the process alive on its own
