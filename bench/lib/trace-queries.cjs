// Preloaded with `node --require` when the bench runs with --trace-queries: counts every SQL
// statement a process sends through mysql2 (TypeORM uses the same module instance), keyed by its
// first words, and writes the counts to $BENCH_TRACE_QUERIES when the process exits.
// Diagnostic only: it changes nothing in what the process does.
const { writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const out = process.env.BENCH_TRACE_QUERIES;
const req = createRequire(`${process.cwd()}/package.json`);
// Deep imports are closed by the package's exports map; the absolute path is the same module instance.
const Base = require(require('node:path').join(require('node:path').dirname(req.resolve('mysql2')), 'lib/base/connection.js'));
const Connection = Base.BaseConnection ?? Base;
const counts = new Map();
const key = (sql) => {
  const text = typeof sql === 'string' ? sql : (sql?.sql ?? String(sql));
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\((\?, ?)+\?\)(, ?\((\?, ?)+\?\))*/g, '(…)')
    .slice(0, 110);
};
for (const method of ['query', 'execute']) {
  const original = Connection.prototype[method];
  Connection.prototype[method] = function (sql, ...rest) {
    const k = key(sql);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    return original.call(this, sql, ...rest);
  };
}
process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify(Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])), null, 1));
});
