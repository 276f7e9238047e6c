// The back office's decisions that reach other modules over jobs: a partner loses its
// certification (its sellers are told), and a seller account is closed (its bindings cancelled).
import { randomBytes } from 'node:crypto';
import { waitFor } from '../lib/wait.mjs';
import { call, expectCall, operator } from './http.mjs';
import { bold, green, note, say, short, step, yellow } from './print.mjs';
import { WAIT_MS } from './settings.mjs';

/** The operator decertifies Blue Owl while it is bound: the seller hears of it, the binding stays. */
export async function decertify(world, binding) {
  const {
    account,
    seller: { maria },
    partners: { blueowl },
    endpoints,
  } = world;
  step(`The back office withdraws ${blueowl.name}'s certification`);
  await operator('decertify', 'PATCH', `/v1/operator/partners/${blueowl.id}`, { certified: false });
  await endpoints.hears(world.sellerHook, 'partner.decertified', binding.id);
  const notice = await waitFor(
    async () => {
      const page = await expectCall('notifications', 200, 'GET', `/v1/accounts/${account.id}/notifications`, { token: maria.token });
      return page.items.find((n) => n.type === 'partner.decertified' && n.bindingId === binding.id);
    },
    { what: 'the partner.decertified notice', timeoutMs: WAIT_MS },
  );
  say(`${maria.name} sees the in-app notice ${bold(notice.type)}; administrators get it by e-mail.`);
  const found = await expectCall('catalogue search', 200, 'GET', `/v1/partners?q=${encodeURIComponent('blue owl')}`, { token: maria.token });
  const still = await expectCall('binding', 200, 'GET', `/v1/accounts/${account.id}/bindings/${binding.id}`, { token: maria.token });
  say(`The catalogue finds ${found.items.length} “blue owl”; the binding ${short(binding.id)} stays ${green(still.status)} until someone ends it.`);
}

/** A second seller binds Northwind, then the back office closes that account. */
export async function closeAccount({ partners: { northwind }, endpoints, startedHere }) {
  step('The back office closes another seller account');
  const globex = await operator('create account', 'POST', '/v1/operator/accounts', { name: 'Globex Outlet' });
  const email = `gleb${startedHere ? '' : `+${randomBytes(2).toString('hex')}`}@globex.example`;
  const gleb = await operator('create Gleb', 'POST', `/v1/operator/accounts/${globex.id}/users`, { email, name: 'Gleb Volkov', role: 'admin' });
  const token = (await operator('token', 'POST', '/v1/operator/tokens', { userId: gleb.id })).accessToken;
  const asked = await expectCall('bind', 202, 'POST', `/v1/accounts/${globex.id}/bindings`, { token, body: { partnerId: northwind.id } });
  say(`${gleb.name} of ${bold(globex.name)} asked ${northwind.name} (${short(asked.id)}, pending). Then the account is closed:`);
  await operator('close account', 'PATCH', `/v1/operator/accounts/${globex.id}`, { active: false });
  const refused = await call('GET', '/v1/me', { token });
  say(`${gleb.name}'s token at once: ${refused.status} ${refused.body.code} ${green('✔ a closed account signs nobody in')}`);
  await endpoints.partnerHears(northwind, 'binding.cancelled', asked.id);
  const request = await expectCall('partner request', 200, 'GET', `/v1/partner/requests/${asked.id}`, { token: northwind.user.token });
  const last = request.events.at(-1);
  say(`${northwind.user.name} sees the request ${yellow(request.status)} by the ${bold(last.actorKind)}, not by a person.`);
  note('Both run as jobs from the owning module to the others, through the outbox, once per binding, a page of 500 at a time.');
}
