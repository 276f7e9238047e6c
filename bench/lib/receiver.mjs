// The partners' webhook endpoint: a node:http server (keep-alive) in its own worker thread, so
// the load generator on the main thread never delays its answers. Every request's signature is
// verified (X-Signature over "<t>.<raw body>" with the partner's secret) and X-Event-Id checked
// against the body; notices are de-duplicated on the event id. Counters live in shared memory.
// The signature check is the one partners get: @partner-binding/client/webhooks (clients/typescript,
// built by bench/lib/build.mjs).
import { createServer } from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

// counter slots
export const C_REQUESTS = 0; // every POST
export const C_UNIQUE = 1; // distinct event ids with a valid signature
export const C_BAD = 2; // bad signature, unknown partner or id mismatch
export const C_DUPLICATE = 3; // valid but already seen (at-least-once redelivery)

const now = () => performance.timeOrigin + performance.now();

if (!isMainThread && workerData?.role === 'receiver') {
  const { verifyWebhookSignature } = await import('@partner-binding/client/webhooks');
  const counters = new Int32Array(workerData.shared);
  const secrets = new Map();
  const seen = new Set();
  let tracking = false;
  let arrivals = new Map(); // bindingId -> arrival time (ms since epoch, fractional)

  parentPort.on('message', (message) => {
    if (message.type === 'secrets') for (const [id, secret] of message.entries) secrets.set(id, secret);
    if (message.type === 'track') {
      tracking = message.on;
      if (message.on) arrivals = new Map();
    }
    if (message.type === 'dump') {
      parentPort.postMessage({ type: 'dump', entries: [...arrivals] });
      arrivals = new Map();
    }
  });

  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      const at = now();
      Atomics.add(counters, C_REQUESTS, 1);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = JSON.parse(raw);
      } catch {}
      const secret = secrets.get(body?.data?.binding?.partnerId);
      const ok =
        secret &&
        body.id === request.headers['x-event-id'] &&
        body.type === request.headers['x-event-type'] &&
        verifyWebhookSignature(secret, raw, request.headers['x-signature']);
      if (!ok) {
        Atomics.add(counters, C_BAD, 1);
        response.writeHead(401).end();
        return;
      }
      if (seen.has(body.id)) Atomics.add(counters, C_DUPLICATE, 1);
      else {
        seen.add(body.id);
        Atomics.add(counters, C_UNIQUE, 1);
        if (tracking && body.type === 'binding.requested') arrivals.set(body.data.binding.id, at);
      }
      response.writeHead(200, { 'content-length': '0' }).end();
    });
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
}

/** Starts the receiver thread; resolves with a small control object. */
export async function startReceiver() {
  const shared = new SharedArrayBuffer(4 * 8);
  const counters = new Int32Array(shared);
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'receiver', shared } });
  const port = await new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m) => m.type === 'listening' && resolve(m.port));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/webhooks`,
    unique: () => Atomics.load(counters, C_UNIQUE),
    bad: () => Atomics.load(counters, C_BAD),
    duplicates: () => Atomics.load(counters, C_DUPLICATE),
    requests: () => Atomics.load(counters, C_REQUESTS),
    addSecrets: (entries) => worker.postMessage({ type: 'secrets', entries }),
    track: (on) => worker.postMessage({ type: 'track', on }),
    dump: () =>
      new Promise((resolve) => {
        const onMessage = (m) => {
          if (m.type !== 'dump') return;
          worker.off('message', onMessage);
          resolve(new Map(m.entries));
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'dump' });
      }),
    /** Waits until `target` distinct notices have arrived; returns the time (ms) it happened, or throws. */
    async waitFor(target, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Atomics.load(counters, C_UNIQUE) < target) {
        if (Date.now() > deadline) throw new Error(`receiver: ${Atomics.load(counters, C_UNIQUE)} of ${target} notices after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 2));
      }
      return now();
    },
    stop: () => worker.terminate(),
  };
}
