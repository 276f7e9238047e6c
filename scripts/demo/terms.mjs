// Binding terms: an end date at "Turn On", extending it, the reminder before the end, and the end
// itself (the demo starts the service with short timings, see DEMO_TIMINGS in settings.mjs).
import { waitFor } from '../lib/wait.mjs';
import { call, expectCall } from './http.mjs';
import { bold, cyan, green, note, say, short, step, yellow } from './print.mjs';
import { DEMO_TIMINGS, TRIAL_SECONDS, WAIT_MS } from './settings.mjs';

const DAY_MS = 86_400_000;
export const inDays = (days) => new Date(Date.now() + days * DAY_MS).toISOString();
export const day = (iso) => (iso ? iso.slice(0, 10) : 'open-ended');
const clock = (iso) => iso.slice(11, 19);

/** Anna moves Integrator Pro's end date a year out; both sides hear `binding.extended`. */
export async function extendTerm({ account, seller: { anna }, partners: { integrator }, endpoints }, binding) {
  step(`${anna.name} extends ${integrator.name}'s term`);
  const before = binding.endsAt;
  const extended = await expectCall('extend', 200, 'POST', `/v1/accounts/${account.id}/bindings/${binding.id}/extend`, {
    token: anna.token,
    body: { endsAt: inDays(365) },
  });
  say(`200 OK: ${integrator.name} now supports ${account.name} until ${bold(day(extended.endsAt))} (was ${day(before)}); still ${green(extended.status)}.`);
  const hook = await endpoints.partnerHears(integrator, 'binding.extended', binding.id);
  note(`The notice carries the new end (${day(hook.data.binding?.endsAt)}); the audit trail keeps the old one (previousEndsAt).`);
  const earlier = await call('POST', `/v1/accounts/${account.id}/bindings/${binding.id}/extend`, { token: anna.token, body: { endsAt: inDays(30) } });
  say(`Moving the end earlier instead: ${earlier.status} ${earlier.body.code} ${green('✔ a term is only ever extended')}`);
  return extended;
}

/** Boris asks Northwind Agency for a trial that ends in TRIAL_SECONDS, and Olga confirms it. */
export async function startTrial({ account, seller: { boris }, partners: { northwind }, endpoints }) {
  step(`${boris.name} asks ${northwind.name} again, for a ${TRIAL_SECONDS}-second trial`);
  const endsAt = new Date(Date.now() + TRIAL_SECONDS * 1000).toISOString();
  const trial = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, { token: boris.token, body: { partnerId: northwind.id, endsAt } });
  await endpoints.partnerHears(northwind, 'binding.requested', trial.id);
  const confirmed = await expectCall('confirm', 200, 'POST', `/v1/partner/requests/${trial.id}/confirm`, { token: northwind.user.token });
  say(
    `${northwind.user.name} confirmed: ${green(confirmed.status)} until ${bold(clock(confirmed.endsAt))} UTC. (A real term runs for months; the demo's is short.)`,
  );
  return confirmed;
}

/** The reminder before the trial's end, then the end itself: the slot is free again. */
export async function trialEnds(world, trial) {
  const {
    account,
    seller: { maria },
    partners: { northwind },
    endpoints,
    startedHere,
  } = world;
  step(`${northwind.name}'s trial runs out`);
  const waitMs = Math.max(0, Date.parse(trial.endsAt) - Date.now()) + WAIT_MS;
  if (startedHere && DEMO_TIMINGS.BINDING_END_REMINDERS_SECONDS) {
    say(`A reminder goes ${DEMO_TIMINGS.BINDING_END_REMINDERS_SECONDS} s before the end (BINDING_END_REMINDERS_SECONDS; a week and a day by default):`);
    const reminder = await endpoints.partnerHears(northwind, 'binding.ending_soon', trial.id, waitMs);
    note(`Due at ${clock(reminder.data.remindAt ?? trial.endsAt)}, sent once (however many workers sweep), to the seller too: in-app and by e-mail.`);
  }
  say(`Waiting for ${clock(trial.endsAt)} UTC…`);
  await endpoints.partnerHears(northwind, 'binding.ended', trial.id, waitMs);
  const ended = await expectCall('binding detail', 200, 'GET', `/v1/accounts/${account.id}/bindings/${trial.id}`, { token: maria.token });
  say(`The binding is ${yellow(ended.status)} since ${clock(ended.endedAt)}; events: ${ended.events.map((e) => cyan(e.type)).join(' → ')}`);
  const contacts = await waitFor(
    async () => {
      const page = await expectCall('helpful contacts', 200, 'GET', `/v1/accounts/${account.id}/helpful-contacts`, { token: maria.token });
      return page.items.every((c) => c.bindingId !== trial.id) ? page : null;
    },
    { what: 'Helpful Contacts without the trial', timeoutMs: WAIT_MS },
  );
  say(
    `Helpful Contacts now: ${contacts.items.map((c) => `${bold(c.partner.name)} until ${day(c.endsAt)}`).join(', ') || 'nobody'} — binding ${short(trial.id)} is gone, its slot free.`,
  );
}
