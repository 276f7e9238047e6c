// `npm run demo`: the SPEC story, end to end, on this machine.
//
// Starts the API and the worker from the build (building first if needed) against a demo
// database, or uses a service already answering on PORT; provisions a seller with two
// administrators and a manager, and three partners with users; runs a local webhook receiver
// (and, when it starts the service itself, a local SMTP server so the e-mails show too);
// walks the story printing each step; then stays up and prints curl commands with tokens.
// Ctrl-C stops everything it started. See docs/DEMO.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PORT = Number(process.env.PORT || 3000);
const BASE = `http://127.0.0.1:${PORT}`;
const DIST = resolve(ROOT, process.env.PBS_DIST || 'dist');
const DEMO_DB = process.env.DEMO_DB_NAME || 'partner_binding_demo';
const DEMO_QUEUE_PREFIX = 'pbs-demo';
const OPERATOR_TOKEN = process.env.OPERATOR_TOKEN || 'dev-operator-token';
const WAIT_MS = 20_000;

// ---- printing -------------------------------------------------------------------------------

const tty = process.stdout.isTTY;
const paint = (code) => (text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : String(text));
const bold = paint('1');
const dim = paint('2');
const green = paint('32');
const red = paint('31');
const cyan = paint('36');
const yellow = paint('33');
// Ids are UUIDv7 (time first), so their tails tell them apart.
const short = (id) => `…${String(id).slice(-6)}`;

let stepNo = 0;
const step = (title) => console.log(`\n${bold(`${++stepNo}. ${title}`)}`);
const say = (text) => console.log(`   ${text}`);
const note = (text) => console.log(`   ${dim(text)}`);

// ---- what it started, and stopping it --------------------------------------------------------

const children = [];
const servers = [];
let stopping = false;

async function stopEverything(code) {
  if (stopping) return;
  stopping = true;
  console.log(dim('\nStopping what the demo started…'));
  for (const server of servers) server.close();
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  const exited = children.map(({ child }) => (child.exitCode !== null ? null : new Promise((done) => child.once('exit', done))));
  const timer = setTimeout(() => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 12_000);
  await Promise.all(exited);
  clearTimeout(timer);
  process.exit(code);
}

process.on('SIGINT', () => stopEverything(0));
process.on('SIGTERM', () => stopEverything(0));

function fail(message) {
  console.error(`\n${red('✘')} ${message}`);
  return stopEverything(1);
}

// ---- HTTP helpers ---------------------------------------------------------------------------

// Every call goes through the generated TypeScript client (clients/typescript), as a partner's or
// seller's back end would make it; it is built with the service (`npm run build`).
let client = null;
let signatures = null;

async function loadClient() {
  try {
    const { createPartnerBindingClient } = await import('@partner-binding/client');
    signatures = await import('@partner-binding/client/webhooks');
    client = createPartnerBindingClient({ baseUrl: BASE });
  } catch (error) {
    throw new Error(`The TypeScript client is not built (clients/typescript/dist): run \`npm run build\` first. (${error.message})`);
  }
}

async function call(method, path, { token, body, headers = {} } = {}) {
  const { data, error, response } = await client.request(method.toLowerCase(), path, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, body: data ?? error ?? null };
}

async function expectCall(what, expected, method, path, options) {
  const response = await call(method, path, options);
  if (response.status !== expected) throw new Error(`${what}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const operator = (what, method, path, body) => expectCall(what, method === 'POST' ? 201 : 200, method, path, { token: OPERATOR_TOKEN, body });

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntil(check, what, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// ---- the partner's side: a webhook receiver that checks signatures -----------------------------

const secrets = new Map(); // path → { name, secret }
const webhooks = []; // { partner, type, eventId, bindingId, verified }
let announceWebhooks = false;

function verifySignature(secret, rawBody, header) {
  return signatures.verifyWebhookSignature(secret, rawBody, header);
}

function describeWebhook(hook) {
  const mark = hook.verified ? green('signature verified ✔') : red('signature INVALID ✘');
  return `📨 ${bold(hook.partner)} received ${cyan(hook.type)} for binding ${short(hook.bindingId)} (event ${short(hook.eventId)}) — ${mark}`;
}

async function startWebhookReceiver() {
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const partner = secrets.get(request.url);
      let body = null;
      try {
        body = JSON.parse(rawBody);
      } catch {
        /* not JSON */
      }
      const hook = {
        partner: partner?.name ?? request.url,
        type: body?.type ?? request.headers['x-event-type'],
        eventId: request.headers['x-event-id'],
        bindingId: body?.data?.binding?.id,
        account: body?.data?.account?.name,
        verified: partner ? verifySignature(partner.secret, rawBody, request.headers['x-signature']) : false,
      };
      // Delivery is at-least-once: a partner de-duplicates on the event id.
      if (!webhooks.some((w) => w.eventId === hook.eventId)) {
        webhooks.push(hook);
        if (announceWebhooks) console.log(`   ${describeWebhook(hook)}`);
      }
      response.statusCode = 200;
      response.end('ok');
    });
  });
  servers.push(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${server.address().port}`;
}

// ---- the seller's inbox: a local SMTP server (only when the demo starts the service) ---------

const emails = []; // { to, subject, eventId }
let announceEmails = false;

function subjectOf(raw) {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => /^subject:/i.test(l)) ?? '';
  return line
    .slice(8)
    .trim()
    .replace(/=\?[^?]+\?([QB])\?([^?]*)\?=/gi, (_, kind, data) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))),
    );
}

async function startSmtpServer() {
  let SMTPServer;
  try {
    ({ SMTPServer } = await import('smtp-server'));
  } catch {
    return null; // a production install without devDependencies: no e-mail part
  }
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const eventId = /^x-event-id:\s*(\S+)/im.exec(raw)?.[1];
        for (const { address } of session.envelope.rcptTo) {
          const email = { to: address, subject: subjectOf(raw), eventId };
          emails.push(email);
          if (announceEmails) console.log(`   ✉️  ${address} ← “${email.subject}”`);
        }
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return `smtp://127.0.0.1:${server.server.address().port}`;
}

// ---- starting the service --------------------------------------------------------------------

function newestSource() {
  let newest = 0;
  for (const dir of ['apps', 'libs']) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true })) {
      const file = String(entry);
      if (!file.endsWith('.ts') || /\.(spec|int-spec|e2e-spec)\.ts$/.test(file)) continue;
      newest = Math.max(newest, statSync(join(ROOT, dir, file)).mtimeMs);
    }
  }
  return newest;
}

function ensureBuild() {
  const entries = [join(DIST, 'apps/api/src/main.js'), join(DIST, 'apps/worker/src/main.js'), join(ROOT, 'clients/typescript/dist/index.js')];
  const missing = entries.some((entry) => !existsSync(entry));
  const stale = !missing && Math.min(...entries.map((entry) => statSync(entry).mtimeMs)) < newestSource();
  if (!missing && !stale) return;
  if (process.env.PBS_DIST) {
    if (missing) throw new Error(`No build in ${DIST} (PBS_DIST): build it first.`);
    note(`The build in ${DIST} is older than the sources; using it as it is (PBS_DIST is set).`);
    return;
  }
  say(missing ? 'No build yet: running `npm run build` (a minute or so)…' : 'Sources changed since the last build: running `npm run build`…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('`npm run build` failed (see above).');
}

async function resetDemoState() {
  // A fresh demo database and queue prefix each time, so the story starts from nothing.
  if (!/demo/i.test(DEMO_DB)) throw new Error(`DEMO_DB_NAME must contain "demo" (the demo drops it at start), got "${DEMO_DB}".`);
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({
    host: process.env.DB_HOST || '127.0.0.1',
    port: Number(process.env.DB_PORT || 3306),
    user: process.env.DB_USER || 'root',
    password: process.env.DB_PASSWORD || '',
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${DEMO_DB}\``);
  } finally {
    await connection.end();
  }
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${DEMO_QUEUE_PREFIX}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function startService(smtpUrl) {
  ensureBuild();
  await resetDemoState();
  const workerPort = await freePort();
  const logFile = join(tmpdir(), `partner-binding-demo-${process.pid}.log`);
  const log = openSync(logFile, 'a');
  const env = {
    ...process.env,
    PORT: String(PORT),
    WORKER_HTTP_PORT: String(workerPort),
    DB_NAME: DEMO_DB,
    QUEUE_PREFIX: DEMO_QUEUE_PREFIX,
    ALLOW_HTTP_WEBHOOKS: 'true',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || BASE,
    ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
  };
  // The API migrates the database first; the worker waits on the same lock.
  for (const role of ['api', 'worker']) {
    const child = spawn(process.execPath, [join(DIST, `apps/${role}/src/main.js`)], { cwd: ROOT, env, stdio: ['ignore', log, log] });
    children.push({ role, child });
    child.on('exit', (code, signal) => {
      if (!stopping) fail(`The ${role} exited (${signal ?? code}); its log is in ${logFile}`);
    });
  }
  closeSync(log);
  await waitUntil(() => answers(`${BASE}/health/ready`), 'the API to be ready', 60_000);
  await waitUntil(() => answers(`http://127.0.0.1:${workerPort}/health/ready`), 'the worker to be ready', 60_000);
  return { logFile, workerPort };
}

// ---- the story -------------------------------------------------------------------------------

async function main() {
  console.log(bold('Partner Binding Service — demo'));
  console.log(dim('A seller binds certified technical partners; partners hear of it by signed webhook (and e-mail) and answer through their API.'));

  step('Starting the service');
  const receiverBase = await startWebhookReceiver();
  let started = null;
  let mailOn = false;
  if (await answers(`${BASE}/health/live`)) {
    say(`A service is already answering on port ${PORT}: using it (nothing to start).`);
    note('E-mails are shown only when the demo starts the service itself, with its own SMTP server.');
  } else {
    const smtpUrl = await startSmtpServer();
    mailOn = smtpUrl !== null;
    started = await startService(smtpUrl);
    say(`API on ${BASE} and worker (health on port ${started.workerPort}) started from ${DIST.replace(`${ROOT}/`, '')}, database ${DEMO_DB}.`);
    if (mailOn) say(`E-mail goes to a local SMTP server the demo runs (${smtpUrl}).`);
    note(`Service logs: ${started.logFile}`);
  }
  say(`A local webhook receiver plays the partners' endpoints at ${receiverBase}.`);
  await loadClient();

  // Unique e-mail addresses when the database is not fresh (an already running service).
  const tag = started ? '' : `+${randomBytes(2).toString('hex')}`;
  const address = (local, domain) => `${local}${tag}@${domain}`;

  step('The back office provisions a seller, its people, and three certified partners');
  const account = await operator('create account', 'POST', '/v1/operator/accounts', { name: 'Acme Home Goods' });
  const seller = {};
  for (const [key, name, role] of [
    ['anna', 'Anna Petrova', 'admin'],
    ['boris', 'Boris Ivanov', 'admin'],
    ['maria', 'Maria Sokolova', 'manager'],
  ]) {
    const user = await operator(`create ${name}`, 'POST', `/v1/operator/accounts/${account.id}/users`, { email: address(key, 'acme.example'), name, role });
    const { accessToken } = await operator(`token for ${name}`, 'POST', '/v1/operator/tokens', { userId: user.id, ttlSeconds: 86_400 });
    seller[key] = { ...user, token: accessToken };
  }
  say(`Seller ${bold(account.name)}: ${seller.anna.name} and ${seller.boris.name} (administrators), ${seller.maria.name} (manager).`);

  const partners = {};
  for (const [key, name, description, services, person] of [
    ['integrator', 'Integrator Pro', 'Marketplace API integrations, done right.', ['API integration', 'Stock sync'], 'Ivan Kuznetsov'],
    ['northwind', 'Northwind Agency', 'Listings, photos and ads for marketplace sellers.', ['Content', 'Advertising'], 'Olga Smirnova'],
    ['blueowl', 'Blue Owl Software', 'Warehouse and order software.', ['WMS', 'Order routing'], 'Pavel Orlov'],
  ]) {
    const path = `/${key}`;
    const domain = `${key}.example`;
    const partner = await operator(`create ${name}`, 'POST', '/v1/operator/partners', {
      name,
      description,
      certified: true,
      contacts: { email: address('hello', domain), phone: '+7 495 000-00-00', website: `https://${domain}` },
      services,
      webhookUrl: `${receiverBase}${path}`,
    });
    secrets.set(path, { name, secret: partner.webhookSecret });
    const user = await operator(`create ${person}`, 'POST', `/v1/operator/partners/${partner.id}/users`, { email: address(person.split(' ')[0].toLowerCase(), domain), name: person });
    const { accessToken } = await operator(`token for ${person}`, 'POST', '/v1/operator/tokens', { userId: user.id, ttlSeconds: 86_400 });
    partners[key] = { ...partner, contactEmail: address('hello', domain), user: { ...user, token: accessToken } };
    say(`Partner ${bold(name)} (${services.join(', ')}), staff ${person}; webhook → ${receiverBase}${path}`);
  }

  const { anna, boris, maria } = seller;
  const { integrator, northwind, blueowl } = partners;

  /** Waits for the partner's webhook about this binding and prints it. */
  async function partnerHears(partner, type, bindingId) {
    const hook = await waitUntil(() => webhooks.find((w) => w.partner === partner.name && w.type === type && w.bindingId === bindingId), `${partner.name} to receive ${type}`);
    say(describeWebhook(hook));
    if (!hook.verified) throw new Error('The webhook signature did not verify.');
    return hook;
  }

  /** Waits for the e-mails about this event and prints who got them. */
  async function emailed(bindingId, type, recipients) {
    if (!mailOn) return;
    const { body } = await call('GET', `/v1/accounts/${account.id}/bindings/${bindingId}`, { token: anna.token });
    const eventId = body.events.find((e) => e.type === type)?.id;
    await waitUntil(() => recipients.every((r) => emails.some((m) => m.eventId === eventId && m.to === r.email)), `the ${type} e-mails`);
    for (const r of recipients) {
      const mail = emails.find((m) => m.eventId === eventId && m.to === r.email);
      say(`✉️  ${r.label} (${r.email}) got “${mail.subject}”`);
    }
  }
  const admins = [
    { label: anna.name, email: anna.email },
    { label: boris.name, email: boris.email },
  ];

  step('Everyone can look up their own role first');
  for (const person of [anna, maria]) {
    const me = await expectCall('GET /v1/me', 200, 'GET', '/v1/me', { token: person.token });
    const may = me.permissions.includes('bindings:manage');
    say(`${person.name}: role ${bold(me.role)} in ${me.account.name} — ${may ? green('may bind and cancel partners') : yellow('may look, but not bind or cancel')}`);
  }

  step(`${anna.name} searches the catalogue for "integr"`);
  const found = await expectCall('catalogue search', 200, 'GET', '/v1/partners?q=integr', { token: anna.token });
  for (const p of found.items) say(`${bold(p.name)} — ${p.description} Contacts: ${p.contacts.email}, ${p.contacts.phone}. Binding: ${p.binding ? p.binding.status : 'none'}`);
  note('She calls them to agree the terms, then presses "Turn On".');

  step(`${maria.name} (manager) tries to press "Turn On" for ${northwind.name}`);
  const refused = await call('POST', `/v1/accounts/${account.id}/bindings`, { token: maria.token, body: { partnerId: northwind.id } });
  say(`${refused.status} ${refused.body.code}: ${refused.body.detail ?? refused.body.title} ${green('✔ only administrators may bind')}`);

  step(`${anna.name} presses "Turn On" for ${integrator.name}`);
  const first = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, { token: anna.token, body: { partnerId: integrator.id }, headers: { 'idempotency-key': `demo-${randomBytes(4).toString('hex')}` } });
  say(`202 Accepted: binding ${short(first.id)} is ${bold(first.status)}; it expires ${first.expiresAt} unless the partner answers.`);
  await partnerHears(integrator, 'binding.requested', first.id);
  await emailed(first.id, 'binding.requested', [...admins, { label: `${integrator.name}'s contact address`, email: integrator.contactEmail }]);

  step(`${integrator.user.name} at ${integrator.name} looks at its requests and confirms`);
  const requests = await expectCall('partner requests', 200, 'GET', '/v1/partner/requests?status=pending', { token: integrator.user.token });
  for (const r of requests.items) say(`Pending request ${short(r.id)} from ${bold(r.account.name)}, requested ${r.requestedAt}`);
  const confirmed = await expectCall('confirm', 200, 'POST', `/v1/partner/requests/${first.id}/confirm`, { token: integrator.user.token });
  say(`200 OK: binding ${short(confirmed.id)} is now ${green(confirmed.status)}.`);
  await emailed(first.id, 'binding.confirmed', admins);

  step(`${maria.name} opens Helpful Contacts`);
  const contacts = await expectCall('helpful contacts', 200, 'GET', `/v1/accounts/${account.id}/helpful-contacts`, { token: maria.token });
  for (const c of contacts.items) say(`${bold(c.partner.name)} since ${c.since} — ${c.partner.contacts.email}, ${c.partner.contacts.website}; services: ${c.partner.services.join(', ')}`);

  step(`${boris.name} turns on ${northwind.name}, which declines`);
  const second = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, { token: boris.token, body: { partnerId: northwind.id } });
  say(`${boris.name} asked ${northwind.name}: binding ${short(second.id)} is ${bold(second.status)}.`);
  await partnerHears(northwind, 'binding.requested', second.id);
  const reason = 'Fully booked until June, sorry!';
  const declined = await expectCall('decline', 200, 'POST', `/v1/partner/requests/${second.id}/decline`, { token: northwind.user.token, body: { reason } });
  say(`${northwind.user.name} declined: binding ${short(declined.id)} is ${red(declined.status)}, reason “${declined.declineReason}”.`);
  await emailed(second.id, 'binding.declined', admins);

  step(`${anna.name} turns on ${blueowl.name}, then ${boris.name} cancels before it answers`);
  const third = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, { token: anna.token, body: { partnerId: blueowl.id } });
  await partnerHears(blueowl, 'binding.requested', third.id);
  const cancelled = await expectCall('cancel', 200, 'POST', `/v1/accounts/${account.id}/bindings/${third.id}/cancel`, { token: boris.token });
  say(`${boris.name} cancelled: binding ${short(cancelled.id)} is ${yellow(cancelled.status)}.`);
  await partnerHears(blueowl, 'binding.cancelled', third.id);
  await emailed(third.id, 'binding.cancelled', admins);
  const late = await call('POST', `/v1/partner/requests/${third.id}/confirm`, { token: blueowl.user.token });
  say(`${blueowl.user.name} tries to confirm anyway: ${late.status} ${late.body.code} ${green('✔ a cancelled request cannot be confirmed')}`);

  step('What the seller and the partners can see now');
  const notices = await waitUntil(async () => {
    const page = await expectCall('notifications', 200, 'GET', `/v1/accounts/${account.id}/notifications?limit=20`, { token: maria.token });
    return page.items.length >= 6 ? page : null; // requested ×3, confirmed, declined, cancelled
  }, 'the seller notices');
  const names = { [integrator.id]: integrator.name, [northwind.id]: northwind.name, [blueowl.id]: blueowl.name };
  say(`In-app notices of ${account.name} (newest first): ${notices.items.map((n) => `${n.type.replace('binding.', '')} (${names[n.partnerId]})`).join(', ')}`);
  const trail = await expectCall('binding detail', 200, 'GET', `/v1/accounts/${account.id}/bindings/${first.id}`, { token: maria.token });
  say(`Audit trail of ${integrator.name}'s binding: ${trail.events.map((e) => `${e.type} by ${e.actorKind}`).join(' → ')}`);
  for (const partner of [integrator, northwind, blueowl]) {
    const log = await expectCall('deliveries', 200, 'GET', '/v1/partner/deliveries', { token: partner.user.token });
    say(`${partner.name}'s delivery log: ${log.items.map((d) => `${d.type} ${d.status} after ${d.attempts} attempt(s)`).join('; ')}`);
  }

  // ---- hand over -------------------------------------------------------------------------------

  console.log(`\n${bold('Your turn.')} ${started ? 'The service keeps running' : 'The service is yours; the webhook receiver keeps running'}; new webhooks${mailOn ? ' and e-mails' : ''} show up below as they arrive.\n`);
  const q = (s) => `'${s}'`;
  const lines = [
    `ANNA=${anna.token}        # ${anna.name}, administrator`,
    `MARIA=${maria.token}      # ${maria.name}, manager`,
    `IVAN=${integrator.user.token}      # ${integrator.user.name}, ${integrator.name}`,
    `OLGA=${northwind.user.token}      # ${northwind.user.name}, ${northwind.name}`,
    `ACC=${account.id}`,
    '',
    `curl -s ${BASE}/v1/me -H "Authorization: Bearer $ANNA"`,
    `curl -s ${q(`${BASE}/v1/partners?q=a`)} -H "Authorization: Bearer $MARIA"`,
    `curl -s ${BASE}/v1/accounts/$ACC/helpful-contacts -H "Authorization: Bearer $MARIA"`,
    `curl -s ${BASE}/v1/accounts/$ACC/bindings -H "Authorization: Bearer $MARIA"`,
    `curl -s ${BASE}/v1/accounts/$ACC/notifications -H "Authorization: Bearer $MARIA"`,
    `# ${northwind.name} is free again: ask once more, and let Olga confirm this time`,
    `BID=$(curl -s -XPOST ${BASE}/v1/accounts/$ACC/bindings -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' -d ${q(`{"partnerId":"${northwind.id}"}`)} | sed -E 's/.*"id":"([^"]+)".*/\\1/')`,
    `curl -s ${BASE}/v1/partner/requests -H "Authorization: Bearer $OLGA"`,
    `curl -s -XPOST ${BASE}/v1/partner/requests/$BID/confirm -H "Authorization: Bearer $OLGA"`,
    `# cancel ${integrator.name}'s binding (an administrator only; Maria gets 403)`,
    `curl -s -XPOST ${BASE}/v1/accounts/$ACC/bindings/${first.id}/cancel -H "Authorization: Bearer $ANNA"`,
    `curl -s ${BASE}/v1/partner/deliveries -H "Authorization: Bearer $IVAN"`,
    '',
    `# API docs: ${BASE}/docs   queue dashboard: ${BASE}/admin/queues (operator token: ${OPERATOR_TOKEN})`,
  ];
  for (const line of lines) console.log(line.startsWith('#') ? dim(line) : line);
  console.log(dim(`\nTokens are valid for 24 hours. ${started ? 'Ctrl-C stops the API, the worker, the webhook receiver and the SMTP server.' : 'Ctrl-C stops the webhook receiver.'}`));
  announceWebhooks = true;
  announceEmails = true;
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
