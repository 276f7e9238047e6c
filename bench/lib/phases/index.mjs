// The benchmark's phases, in the order a run measures them; `--only=<name>,…` selects some.
// Adding a phase is one line below: its file in this folder exports by default
//   { name, pausesWorker?, run(ctx) → result, target?(result) → { target, met }, rows?(result, target) → table rows }
// (see write.mjs for a compared figure, latency.mjs for a service-only one; ctx is built in bench/run.mjs).
export const PHASES = await Promise.all(
  ['write', 'read', 'access', 'pipeline', 'latency', 'search', 'retention', 'audit', 'events', 'memory'].map(
    async (file) => (await import(`./${file}.mjs`)).default,
  ),
);
