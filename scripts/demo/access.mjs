// What a binding grants: scopes, narrowing them, the API gateway's access check, the per-account
// cap on live partners, and a partner ending a binding itself.
import { call, expectCall, operator } from './http.mjs';
import { bold, cyan, green, red, say, short, step, yellow } from './print.mjs';

const query = (params) => new URLSearchParams(params).toString();

/** The marketplace's API gateway asks, on every call a partner makes for a seller, whether it may. */
async function gatewayAsks({ account }, partner, scope) {
  const answer = await operator('access check', 'GET', `/v1/operator/access?${query({ accountId: account.id, partnerId: partner.id, scope })}`);
  const verdict = answer.allowed ? green('allowed') : red('refused');
  say(
    `Gateway: may ${partner.name} use ${cyan(scope)} for the account? ${verdict} (binding ${answer.bindingId ? short(answer.bindingId) : 'none'}; grants ${answer.scopes.join(' ') || 'nothing'})`,
  );
  return answer;
}

/** Anna narrows what Integrator Pro may do; the very next access check sees it. */
export async function narrowScopes(world, binding) {
  const {
    account,
    seller: { anna },
    partners: { integrator },
    endpoints,
  } = world;
  step(`The API gateway checks ${integrator.name}'s access, and ${anna.name} narrows it`);
  await gatewayAsks(world, integrator, 'orders.write');
  const scopes = binding.scopes.filter((scope) => !scope.endsWith('.write'));
  const narrowed = await expectCall('narrow', 200, 'PATCH', `/v1/accounts/${account.id}/bindings/${binding.id}`, { token: anna.token, body: { scopes } });
  say(`${anna.name} takes the write scopes away: the binding now grants ${bold(narrowed.scopes.join(' '))}.`);
  await endpoints.partnerHears(integrator, 'binding.scopes_narrowed', binding.id);
  await gatewayAsks(world, integrator, 'orders.write');
  const wider = await call('PATCH', `/v1/accounts/${account.id}/bindings/${binding.id}`, {
    token: anna.token,
    body: { scopes: [...narrowed.scopes, 'finance.read'] },
  });
  say(`Widening it again: ${wider.status} ${wider.body.code} ${green('✔ more scopes take a new request the partner confirms')}`);
  return narrowed;
}

/** The back office caps the account's live partners; a "Turn On" past the cap is refused. */
export async function capLivePartners(world, limit) {
  const {
    account,
    seller: { anna },
    partners: { blueowl },
  } = world;
  step(`The back office allows ${account.name} at most ${limit} live partners`);
  await operator('cap', 'PATCH', `/v1/operator/accounts/${account.id}`, { maxLivePartners: limit });
  const live = await expectCall('live bindings', 200, 'GET', `/v1/accounts/${account.id}/bindings?status=pending,active`, { token: anna.token });
  say(`Live now: ${live.items.length} (${live.items.map((b) => `${b.status} ${short(b.id)}`).join(', ')}).`);
  const refused = await call('POST', `/v1/accounts/${account.id}/bindings`, { token: anna.token, body: { partnerId: blueowl.id } });
  say(`${anna.name} turns on ${blueowl.name}: ${refused.status} ${yellow(refused.body.code)} ${green('✔ the cap holds, even for racing requests')}`);
}

/** Under the cap again (the trial has ended), Anna binds Blue Owl for reading orders only. */
export async function bindBlueOwl(world) {
  const {
    account,
    seller: { anna },
    partners: { blueowl },
    endpoints,
  } = world;
  step(`With a slot free again, ${anna.name} binds ${blueowl.name} to read orders`);
  const bound = await expectCall('bind', 202, 'POST', `/v1/accounts/${account.id}/bindings`, {
    token: anna.token,
    body: { partnerId: blueowl.id, scopes: ['orders.read'] },
  });
  await endpoints.partnerHears(blueowl, 'binding.requested', bound.id);
  const confirmed = await expectCall('confirm', 200, 'POST', `/v1/partner/requests/${bound.id}/confirm`, { token: blueowl.user.token });
  say(`${blueowl.user.name} confirmed ${short(bound.id)}: ${green(confirmed.status)}, granting ${confirmed.scopes.join(' ')}.`);
  return confirmed;
}

/** Blue Owl ends the binding itself; the seller is told, and the gateway refuses at once. */
export async function partnerTerminates(world, binding) {
  const {
    partners: { blueowl },
    endpoints,
  } = world;
  step(`${blueowl.name} ends the binding itself`);
  const reason = 'We are retiring our order-routing product.';
  const ended = await expectCall('terminate', 200, 'POST', `/v1/partner/requests/${binding.id}/terminate`, { token: blueowl.user.token, body: { reason } });
  say(`${blueowl.user.name} terminates: ${yellow(ended.status)} at ${ended.terminatedAt}, reason “${ended.terminationReason}”.`);
  await endpoints.hears(world.sellerHook, 'binding.terminated', binding.id);
  await gatewayAsks(world, blueowl, 'orders.read');
  return ended;
}
