// The benchmark's module-events phase: a partner bound (active) to `accounts` seller accounts (seeded straight
// into the tables), then decertified through the operator API. The Partners module's PATCH queues one job in
// its transaction; the Bindings module's job steps through the live bindings a keyset page (500) at a time,
// each page one short transaction writing its notices and the next page's outbox row; the seller-notice
// workers record the in-app notices. Reports the time until the last page was queued and until every seller
// had its partner.decertified notice, and rows/s.
import { now, round, sleep } from './util.mjs';

const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

async function seed(admin, partnerId, accounts, tag) {
  const t = now();
  await admin.query(
    `INSERT INTO accounts (id, name, created_at, active)
     SELECT UUID(), CONCAT(?, n), NOW(3), 1
     FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} e, ${DIGITS} f) seq WHERE n < ?`,
    [tag, accounts],
  );
  await admin.query(
    `INSERT INTO bindings (id, account_id, partner_id, live_partner_id, status, requested_by, requested_at, expires_at, responded_at, version)
     SELECT UUID(), id, ?, ?, 'active', UUID(), NOW(3), NOW(3) + INTERVAL 7 DAY, NOW(3), 2 FROM accounts WHERE name LIKE CONCAT(?, '%')`,
    [partnerId, partnerId, tag],
  );
  return round((now() - t) / 1000, 1);
}

const count = async (admin, sql, params) => Number((await admin.query(sql, params))[0][0].n);

export async function measureDecertification({ admin, op, accounts, log }) {
  const tag = `Decertification Seller ${Date.now().toString(36)} `;
  const partner = await op('POST', '/v1/operator/partners', {
    name: `Decertified Partner ${tag}`,
    description: 'Bound to very many sellers.',
    certified: true,
    contacts: { email: 'decertified@partner.example' },
  });
  const seedSeconds = await seed(admin, partner.id, accounts, tag);
  log(`events: ${accounts} sellers bound to one partner (seeded in ${seedSeconds} s); decertifying it`);
  const [[{ start }]] = await admin.query('SELECT NOW(3) AS start');
  const t = now();
  await op('PATCH', `/v1/operator/partners/${partner.id}`, { certified: false });
  const patchMs = round(now() - t, 1);
  let notices = 0;
  const deadline = Date.now() + 15 * 60_000;
  while (notices < accounts) {
    if (Date.now() > deadline) throw new Error(`decertification: ${notices} of ${accounts} notices after 15 minutes`);
    await sleep(250);
    notices = await count(admin, "SELECT COUNT(*) AS n FROM seller_notices WHERE partner_id = ? AND type = 'partner.decertified'", [partner.id]);
  }
  const seconds = (now() - t) / 1000;
  // A notice's createdAt is the moment its page's step ran: the last one says when the steps were done.
  const [[{ stepsMs }]] = await admin.query(
    "SELECT TIMESTAMPDIFF(MICROSECOND, ?, MAX(created_at)) / 1000 AS stepsMs FROM seller_notices WHERE partner_id = ? AND type = 'partner.decertified'",
    [start, partner.id],
  );
  const stepsSeconds = round(Number(stepsMs) / 1000, 1);
  const result = {
    accounts,
    seedSeconds,
    patchMs,
    noticesRecorded: notices,
    seconds: round(seconds, 1),
    noticesPerSec: round(notices / seconds, 0),
    stepsSeconds,
    bindingsPerSecInSteps: round(accounts / stepsSeconds, 0),
    pages: Math.ceil(accounts / 500),
  };
  log(
    `events: ${notices} partner.decertified notices recorded in ${result.seconds} s (${result.noticesPerSec}/s); the ${result.pages} pages were stepped through in ${stepsSeconds} s (${result.bindingsPerSecInSteps} bindings/s); PATCH answered in ${patchMs} ms`,
  );
  return result;
}
