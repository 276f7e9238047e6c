// After the story: the service stays up and the demo prints tokens and curl commands to go on with.
import { bold, dim } from './print.mjs';
import { BASE, DEMO_TIMINGS, OPERATOR_TOKEN } from './settings.mjs';

export function handOver({ account, seller: { anna, maria }, partners: { integrator, northwind }, inbox }, first, startedHere) {
  console.log(
    `\n${bold('Your turn.')} ${startedHere ? 'The service keeps running' : 'The service is yours; the webhook receiver keeps running'}; new webhooks${inbox ? ' and e-mails' : ''} show up below as they arrive.\n`,
  );
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
    `# move the end of ${integrator.name}'s term (later only), or make it open-ended with null`,
    `curl -s -XPOST ${BASE}/v1/accounts/$ACC/bindings/${first.id}/extend -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' -d ${q(`{"endsAt":"${new Date(Date.now() + 2 * 365 * 86_400_000 - 86_400_000).toISOString()}"}`)}`,
    `# cancel ${integrator.name}'s binding (an administrator only; Maria gets 403)`,
    `curl -s -XPOST ${BASE}/v1/accounts/$ACC/bindings/${first.id}/cancel -H "Authorization: Bearer $ANNA"`,
    `curl -s ${BASE}/v1/partner/deliveries -H "Authorization: Bearer $IVAN"`,
    '',
    `# API docs: ${BASE}/docs   queue dashboard: ${BASE}/admin/queues (operator token: ${OPERATOR_TOKEN})`,
  ];
  for (const line of lines) console.log(line.startsWith('#') ? dim(line) : line);
  const timings = startedHere ? ` Requests expire after ${DEMO_TIMINGS.BINDING_REQUEST_TTL_SECONDS} s here (BINDING_REQUEST_TTL_SECONDS).` : '';
  console.log(
    dim(
      `\nTokens are valid for 24 hours.${timings} ${startedHere ? 'Ctrl-C stops the API, the worker, the webhook receiver and the SMTP server.' : 'Ctrl-C stops the webhook receiver.'}`,
    ),
  );
}
