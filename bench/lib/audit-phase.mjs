// The benchmark's audit-export phase: one account with `rows` audit events (seeded straight into binding_events,
// as years of bindings would leave them), exported through the real API as JSON lines while the API's RSS is
// sampled. Reports rows/s, MB/s, the API's RSS before, at its highest during and after the export, and how
// MariaDB runs one page's read (EXPLAIN): an index range on (account_id, at, id), no filesort.
import { now, round, rssMb } from './util.mjs';

const SEED_CHUNK = 100_000;
// A UUIDv7 made in SQL from `ms` (the service's event ids are v7: time-ordered, so an export's primary-key
// lookups walk the table in order as they do in production; random ids would make every lookup a cache miss).
const V7_ID =
  "CONCAT(SUBSTR(LPAD(LOWER(HEX(ms)), 12, '0'), 1, 8), '-', SUBSTR(LPAD(LOWER(HEX(ms)), 12, '0'), 9, 4), '-7', LPAD(LOWER(HEX(n % 4096)), 3, '0'), '-8', SUBSTR(MD5(n), 1, 3), '-', SUBSTR(MD5(RAND()), 1, 12))";
const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

/** `rows` events of one account, one a millisecond from a year ago, in chunks of 100,000 rows (one INSERT … SELECT each). */
async function seed(admin, accountId, partnerId, rows, log) {
  const start = Date.now() - 365 * 86_400_000;
  const t = now();
  for (let from = 0; from < rows; from += SEED_CHUNK) {
    const size = Math.min(SEED_CHUNK, rows - from);
    await admin.query(
      `INSERT INTO binding_events (id, binding_id, account_id, partner_id, type, actor_id, actor_kind, from_status, to_status, at, data)
       SELECT ${V7_ID}, UUID(), ?, ?, 'binding.declined', UUID(), 'partner', 'pending', 'declined', FROM_UNIXTIME(ms / 1000), JSON_OBJECT('reason', 'Not this quarter, sorry: "busy"')
       FROM (SELECT ? + n AS ms, n FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} e, ${DIGITS} f) seq WHERE n < ?) t`,
      [accountId, partnerId, start + from, size],
    );
    log(`audit: seeded ${from + size} of ${rows} events`);
  }
  return round((now() - t) / 1000, 1);
}

/** How MariaDB reads one page after a position (the export's steady state). */
async function explainPage(admin, accountId) {
  const [[middle]] = await admin.query('SELECT at, id FROM binding_events WHERE account_id = ? ORDER BY at, id LIMIT 1 OFFSET 500000', [accountId]);
  if (!middle) return null;
  const [plan] = await admin.query(
    `EXPLAIN SELECT e.id, e.binding_id, e.account_id, e.partner_id, e.type, e.actor_id, e.actor_kind, e.from_status, e.to_status, e.at, e.data
     FROM (SELECT id FROM binding_events WHERE account_id = ? AND at >= ? AND (at > ? OR id > ?) ORDER BY at, id LIMIT 1000) page
     JOIN binding_events e ON e.id = page.id ORDER BY e.at, e.id`,
    [accountId, middle.at, middle.at, middle.id],
  );
  return plan.map((row) => ({ table: row.table, key: row.key, type: row.type, keyLen: row.key_len, rows: Number(row.rows), extra: row.Extra }));
}

/** Streams the export and counts lines and bytes as they arrive, sampling the API's RSS meanwhile. */
async function exportOnce({ apiUrl, apiPid, account, format, expected }) {
  let peak = rssMb(apiPid) ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(apiPid) ?? 0)), 100);
  const t = now();
  let bytes = 0;
  let lines = 0;
  // RSS at every 10 % of the rows: flat means bounded by a page, not growing with the rows sent.
  const curve = [];
  let nextMark = 0;
  try {
    const response = await fetch(`${apiUrl}/v1/accounts/${account.id}/audit?format=${format}`, { headers: { authorization: `Bearer ${account.token}` } });
    if (response.status !== 200) throw new Error(`audit export → ${response.status}`);
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (lines >= nextMark) {
        curve.push([lines, rssMb(apiPid)]);
        nextMark += expected / 10;
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (now() - t) / 1000;
  return {
    format,
    lines,
    mb: round(bytes / 2 ** 20, 1),
    seconds: round(seconds, 1),
    rowsPerSec: round(lines / seconds, 0),
    mbPerSec: round(bytes / 2 ** 20 / seconds, 1),
    apiPeakRssMb: peak,
    rssCurveMb: curve,
  };
}

export async function measureAuditExport({ admin, apiUrl, apiPid, account, partnerId, rows, log }) {
  const seedSeconds = await seed(admin, account.id, partnerId, rows, log);
  const plan = await explainPage(admin, account.id);
  log(`audit: page read plan ${JSON.stringify(plan)}`);
  const apiRssBeforeMb = rssMb(apiPid);
  const jsonl = await exportOnce({ apiUrl, apiPid, account, format: 'jsonl', expected: rows });
  log(
    `audit: jsonl ${jsonl.lines} lines, ${jsonl.mb} MB in ${jsonl.seconds} s (${jsonl.rowsPerSec} rows/s); API RSS ${apiRssBeforeMb} → peak ${jsonl.apiPeakRssMb} MB; RSS by rows ${JSON.stringify(jsonl.rssCurveMb)}`,
  );
  const csv = await exportOnce({ apiUrl, apiPid, account, format: 'csv', expected: rows });
  log(
    `audit: csv ${csv.lines} lines, ${csv.mb} MB in ${csv.seconds} s (${csv.rowsPerSec} rows/s); API RSS peak ${csv.apiPeakRssMb} MB; RSS by rows ${JSON.stringify(csv.rssCurveMb)}`,
  );
  return { rows, seedSeconds, apiRssBeforeMb, jsonl, csv, apiRssAfterMb: rssMb(apiPid), plan };
}
