// The story the demo tells, chapter by chapter: search → the seller's own webhook → Turn On for a
// fixed term and some scopes → signed webhook → confirm → Helpful Contacts → narrowing and the
// access check → extend → decline → a short trial → reminder → cancel → the cap → the trial ends →
// decertification → the partner terminates → audit export → what each side sees → closing an account.
import { randomBytes } from 'node:crypto';
import { waitFor } from '../lib/wait.mjs';
import { call, expectCall } from './http.mjs';
import { bold, green, note, red, say, short, step, yellow } from './print.mjs';
import { DEMO_TIMINGS, WAIT_MS } from './settings.mjs';
import { bindBlueOwl, capLivePartners, narrowScopes, partnerTerminates } from './access.mjs';
import { auditExport, partnerReadsRequest, sellerWebhook } from './integrations.mjs';
import { closeAccount, decertify } from './module-events.mjs';
import { day, extendTerm, inDays, startTrial, trialEnds } from './terms.mjs';

const waitLong = (check, what) => waitFor(check, { what, timeoutMs: WAIT_MS, intervalMs: 100 });

/** Waits for the e-mails about this event and prints who got them (when the demo runs the SMTP server). */
async function emailed(world, bindingId, type, recipients) {
  if (!world.inbox) return;
  const { body } = await call('GET', `/v1/accounts/${world.account.id}/bindings/${bindingId}`, { token: world.seller.anna.token });
  const eventId = body.events.find((e) => e.type === type)?.id;
  const mails = world.inbox.emails;
  await waitLong(() => recipients.every((r) => mails.some((m) => m.eventId === eventId && m.to === r.email)), `the ${type} e-mails`);
  for (const r of recipients) {
    const mail = mails.find((m) => m.eventId === eventId && m.to === r.email);
    say(`✉️  ${r.label} (${r.email}) got “${mail.subject}”`);
  }
}

const administrators = ({ anna, boris }) => [
  { label: anna.name, email: anna.email },
  { label: boris.name, email: boris.email },
];

async function rolesFirst({ seller: { anna, maria } }) {
  step('Everyone can look up their own role first');
  for (const person of [anna, maria]) {
    const me = await expectCall('GET /v1/me', 200, 'GET', '/v1/me', { token: person.token });
    const may = me.permissions.includes('bindings:manage');
    say(
      `${person.name}: role ${bold(me.role)} in ${me.account.name} — ${may ? green('may bind and cancel partners') : yellow('may look, but not bind or cancel')}`,
    );
  }
}

async function searchAndAsk({ account, seller: { anna, maria }, partners: { northwind } }) {
  step(`${anna.name} searches the catalogue for "integr"`);
  const found = await expectCall('catalogue search', 200, 'GET', '/v1/partners?q=integr', { token: anna.token });
  for (const p of found.items)
    say(
      `${bold(p.name)} — ${p.description} Contacts: ${p.contacts.email}, ${p.contacts.phone}. Offers ${p.scopes.join(' ')}. Binding: ${p.binding ? p.binding.status : 'none'}`,
    );
  note('She calls them to agree the terms, then presses "Turn On".');

  step(`${maria.name} (manager) tries to press "Turn On" for ${northwind.name}`);
  const refused = await call('POST', `/v1/accounts/${account.id}/bindings`, { token: maria.token, body: { partnerId: northwind.id } });
  say(`${refused.status} ${refused.body.code}: ${refused.body.detail ?? refused.body.title} ${green('✔ only administrators may bind')}`);
}

/** Anna turns Integrator Pro on and its staff confirm; returns the binding. */
async function turnOnAndConfirm(world) {
  const {
    account,
    seller,
    partners: { integrator },
    endpoints,
  } = world;
  step(`${seller.anna.name} presses "Turn On" for ${integrator.name}`);
  const headers = { 'idempotency-key': `demo-${randomBytes(4).toString('hex')}` };
  const body = { partnerId: integrator.id, endsAt: inDays(90), scopes: ['products.read', 'products.write', 'orders.read', 'orders.write'] };
  const first = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, { token: seller.anna.token, body, headers });
  say(
    `202 Accepted: binding ${short(first.id)} is ${bold(first.status)}, for a fixed term until ${bold(day(first.endsAt))}, granting ${first.scopes.join(' ')}; the request expires ${first.expiresAt} unless the partner answers.`,
  );
  await endpoints.partnerHears(integrator, 'binding.requested', first.id);
  await emailed(world, first.id, 'binding.requested', [
    ...administrators(seller),
    { label: `${integrator.name}'s contact address`, email: integrator.contactEmail },
  ]);

  step(`${integrator.user.name} at ${integrator.name} looks at its requests and confirms`);
  const requests = await expectCall('partner requests', 200, 'GET', '/v1/partner/requests?status=pending', { token: integrator.user.token });
  for (const r of requests.items) say(`Pending request ${short(r.id)} from ${bold(r.account.name)}, requested ${r.requestedAt}`);
  await partnerReadsRequest(world, first.id);
  const confirmed = await expectCall('confirm', 200, 'POST', `/v1/partner/requests/${first.id}/confirm`, { token: integrator.user.token });
  say(`200 OK: binding ${short(confirmed.id)} is now ${green(confirmed.status)}.`);
  await emailed(world, first.id, 'binding.confirmed', administrators(seller));

  step(`${seller.maria.name} opens Helpful Contacts`);
  const contacts = await expectCall('helpful contacts', 200, 'GET', `/v1/accounts/${account.id}/helpful-contacts`, { token: seller.maria.token });
  for (const c of contacts.items)
    say(
      `${bold(c.partner.name)} since ${c.since}, until ${day(c.endsAt)} — ${c.partner.contacts.email}, ${c.partner.contacts.website}; services: ${c.partner.services.join(', ')}`,
    );
  return confirmed;
}

async function declined(world) {
  const {
    account,
    seller,
    partners: { northwind },
    endpoints,
  } = world;
  step(`${seller.boris.name} turns on ${northwind.name}, which declines`);
  const second = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, { token: seller.boris.token, body: { partnerId: northwind.id } });
  say(`${seller.boris.name} asked ${northwind.name}: binding ${short(second.id)} is ${bold(second.status)}.`);
  await endpoints.partnerHears(northwind, 'binding.requested', second.id);
  const reason = 'Fully booked until June, sorry!';
  const answer = await expectCall('decline', 200, 'POST', `/v1/partner/requests/${second.id}/decline`, { token: northwind.user.token, body: { reason } });
  say(`${northwind.user.name} declined: binding ${short(answer.id)} is ${red(answer.status)}, reason “${answer.declineReason}”.`);
  await emailed(world, second.id, 'binding.declined', administrators(seller));
}

async function cancelledBeforeAnswer(world) {
  const {
    account,
    seller: { anna, boris },
    partners: { blueowl },
    endpoints,
  } = world;
  step(`${anna.name} turns on ${blueowl.name}, then ${boris.name} cancels before it answers`);
  const third = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, { token: anna.token, body: { partnerId: blueowl.id } });
  await endpoints.partnerHears(blueowl, 'binding.requested', third.id);
  if (world.startedHere) {
    note(
      `${blueowl.name} does not answer; the demo's reminder comes ${Number(DEMO_TIMINGS.BINDING_REQUEST_TTL_SECONDS) - Number(DEMO_TIMINGS.REQUEST_EXPIRY_REMINDER_SECONDS)} s after the request (REQUEST_EXPIRY_REMINDER_SECONDS; a day before expiry by default):`,
    );
    await endpoints.partnerHears(blueowl, 'binding.request_expiring', third.id);
  }
  const cancelled = await expectCall('cancel', 200, 'POST', `/v1/accounts/${account.id}/bindings/${third.id}/cancel`, { token: boris.token });
  say(`${boris.name} cancelled: binding ${short(cancelled.id)} is ${yellow(cancelled.status)}.`);
  await endpoints.partnerHears(blueowl, 'binding.cancelled', third.id);
  await emailed(world, third.id, 'binding.cancelled', administrators(world.seller));
  const late = await call('POST', `/v1/partner/requests/${third.id}/confirm`, { token: blueowl.user.token });
  say(`${blueowl.user.name} tries to confirm anyway: ${late.status} ${late.body.code} ${green('✔ a cancelled request cannot be confirmed')}`);
}

async function whatEveryoneSees({ account, seller: { maria }, partners }, first) {
  step('What the seller and the partners can see now');
  const notices = await waitLong(async () => {
    const page = await expectCall('notifications', 200, 'GET', `/v1/accounts/${account.id}/notifications?limit=20`, { token: maria.token });
    return page.items.length >= 6 ? page : null; // requested ×3, confirmed, declined, cancelled
  }, 'the seller notices');
  const names = Object.fromEntries(Object.values(partners).map((p) => [p.id, p.name]));
  say(`In-app notices of ${account.name} (newest first): ${notices.items.map((n) => `${n.type.replace('binding.', '')} (${names[n.partnerId]})`).join(', ')}`);
  const trail = await expectCall('binding detail', 200, 'GET', `/v1/accounts/${account.id}/bindings/${first.id}`, { token: maria.token });
  say(`Audit trail of ${partners.integrator.name}'s binding: ${trail.events.map((e) => `${e.type} by ${e.actorKind}`).join(' → ')}`);
  for (const partner of Object.values(partners)) {
    const log = await expectCall('deliveries', 200, 'GET', '/v1/partner/deliveries', { token: partner.user.token });
    say(`${partner.name}'s delivery log: ${log.items.map((d) => `${d.type} ${d.status} after ${d.attempts} attempt(s)`).join('; ')}`);
  }
  const own = await expectCall('seller deliveries', 200, 'GET', `/v1/accounts/${account.id}/webhook/deliveries?limit=100`, { token: maria.token });
  const delivered = own.items.filter((d) => d.status === 'delivered').length;
  say(`The seller's own webhook: ${own.items.length} deliveries, ${delivered} delivered (${[...new Set(own.items.map((d) => d.type))].join(', ')})`);
}

/** Tells the whole story; returns the first binding (the one the hand-over's commands cancel). */
export async function tellTheStory(world) {
  await rolesFirst(world);
  await searchAndAsk(world);
  await sellerWebhook(world);
  const first = await narrowScopes(world, await turnOnAndConfirm(world));
  await extendTerm(world, first);
  await declined(world);
  const trial = await startTrial(world);
  await cancelledBeforeAnswer(world);
  await capLivePartners(world, 2);
  await trialEnds(world, trial);
  const blueOwl = await bindBlueOwl(world);
  await decertify(world, blueOwl);
  await partnerTerminates(world, blueOwl);
  await auditExport(world);
  await whatEveryoneSees(world, first);
  await closeAccount(world);
  return first;
}
