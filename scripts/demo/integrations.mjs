// Seller integrations: the account's own signed webhook and a ping on both sides, the partner reading
// one request with its history, and the audit export on both sides.
import { call, callText, expectCall } from './http.mjs';
import { bold, cyan, dim, green, say, short, step } from './print.mjs';

/** Anna points the account's own webhook at the demo's receiver and pings it; Ivan pings Integrator Pro's. */
export async function sellerWebhook(world) {
  const {
    account,
    seller: { anna, maria },
    partners: { integrator },
    endpoints,
  } = world;
  step(`${anna.name} connects the seller's own back end (a seller webhook), and both sides ping their webhooks`);
  const url = `${endpoints.url}/seller`;
  const saved = await expectCall('seller webhook', 200, 'PUT', `/v1/accounts/${account.id}/webhook`, { token: anna.token, body: { url } });
  endpoints.register('/seller', world.sellerHook, saved.secret);
  say(`200 OK: every notice about the account's bindings now also goes to ${saved.url}, signed with its own secret, shown this once.`);
  const refused = await call('POST', `/v1/accounts/${account.id}/webhook/ping`, { token: maria.token });
  say(`${maria.name} (manager) tries the ping: ${refused.status} ${refused.body.code} ${green('✔ administrators only')}`);
  await expectCall('seller ping', 202, 'POST', `/v1/accounts/${account.id}/webhook/ping`, { token: anna.token });
  await endpoints.hears(world.sellerHook, 'ping', undefined);
  await expectCall('partner ping', 202, 'POST', '/v1/partner/webhook/ping', { token: integrator.user.token });
  await endpoints.partnerHears(integrator, 'ping', undefined);
}

/** The partner opens one request: who asks, for what, until when, and its history so far. */
export async function partnerReadsRequest({ partners: { integrator } }, bindingId) {
  const request = await expectCall('partner request', 200, 'GET', `/v1/partner/requests/${bindingId}`, { token: integrator.user.token });
  say(
    `${integrator.user.name} opens request ${short(request.id)}: ${bold(request.account.name)} asks for ${request.scopes.map(cyan).join(' ')} until ${request.endsAt?.slice(0, 10) ?? 'further notice'}; history: ${request.events.map((e) => e.type).join(' → ')}`,
  );
}

/** Both sides download their audit trail: JSON lines for the seller, CSV for the partner. */
export async function auditExport({ account, seller: { maria }, partners: { integrator } }) {
  step('Both sides export their audit trail (streamed, oldest first)');
  const since = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
  const jsonl = await callText(`/v1/accounts/${account.id}/audit?from=${since}&format=jsonl`, maria.token);
  const events = jsonl.text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  say(`${maria.name} downloads ${account.name}'s trail (${jsonl.type}): ${events.length} events, ${[...new Set(events.map((e) => e.type))].join(', ')}`);
  const csv = await callText(`/v1/partner/audit?from=${since}&format=csv`, integrator.user.token);
  const [header, ...rows] = csv.text.trim().split(/\r?\n/);
  say(`${integrator.user.name} downloads ${integrator.name}'s (${csv.type}): ${rows.length} rows under the header`);
  say(dim(`   ${header}`));
  if (rows[0]) say(dim(`   ${rows[0].length > 110 ? `${rows[0].slice(0, 110)}…` : rows[0]}`));
}
