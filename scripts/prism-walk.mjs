// Walks every documented route with well-formed requests, through the generated TypeScript client,
// and reports what a validating proxy in front of the service says about each answer.
//
//   npm run build                                    # the service and clients/typescript
//   npm start                                        # or any running service (API + worker)
//   npx @stoplight/prism-cli proxy http://localhost:3000/docs-json http://localhost:3000 --port 4010
//   node scripts/prism-walk.mjs http://localhost:4010 [operator token]
//
// Prism adds an `sl-violations` header to every answer it finds at odds with the document (request
// or response); the walk prints them and exits 1 if there were any, or if a documented operation
// was not walked. Against the service directly (no proxy) it only checks that every route answers.
import { readFileSync } from 'node:fs';
import { createPartnerBindingClient } from '@partner-binding/client';

const BASE = process.argv[2] ?? 'http://localhost:4010';
const OPERATOR_TOKEN = process.argv[3] ?? process.env.OPERATOR_TOKEN ?? 'dev-operator-token';
const document = JSON.parse(readFileSync(new URL('../clients/typescript/openapi.json', import.meta.url), 'utf8'));

const walked = new Set();
const findings = [];
const tag = Date.now().toString(36);

/** A client for one caller that records each answer and Prism's verdict on it. */
function clientFor(token) {
  const client = createPartnerBindingClient({ baseUrl: BASE, token });
  client.use({
    onRequest({ request, schemaPath }) {
      walked.add(`${request.method} ${schemaPath}`);
    },
    onResponse({ request, response, schemaPath }) {
      const violations = response.headers.get('sl-violations');
      const line = `${request.method} ${schemaPath} → ${response.status}`;
      if (violations) {
        for (const violation of JSON.parse(violations)) findings.push(`${line}: [${violation.location?.join('.')}] ${violation.message}`);
      }
      console.log(`${violations ? '✘' : '✔'} ${line}`);
      return response;
    },
  });
  return client;
}

const must = async (promise) => {
  const { data, error, response } = await promise;
  if (error !== undefined || data === undefined) throw new Error(`${response.url} answered ${response.status}: ${JSON.stringify(error)}`);
  return data;
};

const operator = clientFor(OPERATOR_TOKEN);
const token = async (userId) => (await must(operator.POST('/v1/operator/tokens', { body: { userId, ttlSeconds: 3600 } }))).accessToken;

// ---- the back office -------------------------------------------------------------------------
const account = await must(operator.POST('/v1/operator/accounts', { body: { name: `Walk ${tag}` } }));
const accountId = account.id;
const admin = await must(
  operator.POST('/v1/operator/accounts/{accountId}/users', {
    params: { path: { accountId } },
    body: { email: `admin-${tag}@walk.test`, name: 'Ada Admin', role: 'admin' },
  }),
);
const manager = await must(
  operator.POST('/v1/operator/accounts/{accountId}/users', {
    params: { path: { accountId } },
    body: { email: `manager-${tag}@walk.test`, name: 'Max Manager', role: 'viewer' },
  }),
);
await must(
  operator.PATCH('/v1/operator/accounts/{accountId}/users/{userId}', { params: { path: { accountId, userId: manager.id } }, body: { role: 'manager' } }),
);
const partners = [];
for (const name of ['Integrator', 'Agency', 'Vendor']) {
  partners.push(
    await must(
      operator.POST('/v1/operator/partners', {
        body: {
          name: `Walk ${name} ${tag}`,
          description: `${name} for the walk`,
          certified: true,
          contacts: { email: `${name.toLowerCase()}-${tag}@walk.test` },
          services: ['Integration'],
        },
      }),
    ),
  );
}
await must(
  operator.PATCH('/v1/operator/partners/{partnerId}', {
    params: { path: { partnerId: partners[0].id } },
    body: { contacts: { email: `hello-${tag}@walk.test`, phone: '+7 495 000-00-00', website: 'https://walk.test' } },
  }),
);
const staff = await must(
  operator.POST('/v1/operator/partners/{partnerId}/users', {
    params: { path: { partnerId: partners[0].id } },
    body: { email: `staff-${tag}@walk.test`, name: 'Sam Staff' },
  }),
);
const others = await Promise.all(
  partners.slice(1).map((p, i) =>
    must(
      operator.POST('/v1/operator/partners/{partnerId}/users', {
        params: { path: { partnerId: p.id } },
        body: { email: `staff${i}-${tag}@walk.test`, name: 'Other Staff' },
      }),
    ),
  ),
);
await must(
  operator.PATCH('/v1/operator/partners/{partnerId}/users/{userId}', {
    params: { path: { partnerId: partners[0].id, userId: staff.id } },
    body: { active: true },
  }),
);
await must(operator.GET('/v1/operator/users', { params: { query: { kind: 'partner', limit: 5 } } }));

// ---- the seller --------------------------------------------------------------------------------
const seller = clientFor(await token(admin.id));
const viewer = clientFor(await token(manager.id));
await must(seller.GET('/v1/me'));
await must(seller.GET('/v1/partners', { params: { query: { q: `walk`, limit: 10 } } }));
await must(seller.GET('/v1/partners/{partnerId}', { params: { path: { partnerId: partners[0].id } } }));
const bind = (partnerId, key) =>
  must(
    seller.POST('/v1/accounts/{accountId}/bindings', { params: { path: { accountId }, header: key ? { 'Idempotency-Key': key } : {} }, body: { partnerId } }),
  );
const first = await bind(partners[0].id, `walk-${tag}`);
const second = await bind(partners[1].id);
const third = await bind(partners[2].id);
await must(seller.GET('/v1/partners/{partnerId}', { params: { path: { partnerId: partners[0].id } } })); // now with its binding

// ---- the partners --------------------------------------------------------------------------------
const partner = clientFor(await token(staff.id));
const [agency, vendor] = await Promise.all(others.map(async (user) => clientFor(await token(user.id))));
await must(partner.GET('/v1/me'));
await must(partner.GET('/v1/partner/requests', { params: { query: { status: ['pending'] } } }));
await must(partner.POST('/v1/partner/requests/{bindingId}/confirm', { params: { path: { bindingId: first.id } } }));
await must(agency.POST('/v1/partner/requests/{bindingId}/decline', { params: { path: { bindingId: second.id } }, body: { reason: 'Not our region' } }));
await must(seller.POST('/v1/accounts/{accountId}/bindings/{bindingId}/cancel', { params: { path: { accountId, bindingId: third.id } } }));
await must(partner.GET('/v1/partner/webhook'));
await must(partner.PUT('/v1/partner/webhook', { body: { url: 'http://127.0.0.1:9/walk' } })); // nobody listens: deliveries fail and retry
await must(partner.POST('/v1/partner/webhook/rotate-secret'));
void vendor;

// ---- what the seller sees, and documented refusals -------------------------------------------------
await must(seller.GET('/v1/accounts/{accountId}/bindings', { params: { path: { accountId }, query: { status: ['active', 'cancelled'] } } }));
await must(seller.GET('/v1/accounts/{accountId}/bindings/{bindingId}', { params: { path: { accountId, bindingId: first.id } } }));
await must(seller.GET('/v1/accounts/{accountId}/helpful-contacts', { params: { path: { accountId } } }));
let notices = [];
for (let i = 0; i < 50 && notices.length === 0; i++) {
  notices = (await must(viewer.GET('/v1/accounts/{accountId}/notifications', { params: { path: { accountId } } }))).items;
  if (notices.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
}
if (notices[0])
  await must(viewer.POST('/v1/accounts/{accountId}/notifications/{notificationId}/read', { params: { path: { accountId, notificationId: notices[0].id } } }));
await bind(partners[0].id).catch(() => undefined); // 409 BINDING_EXISTS
await viewer.POST('/v1/accounts/{accountId}/bindings', { params: { path: { accountId } }, body: { partnerId: partners[1].id } }); // 403 for a manager
await partner.POST('/v1/partner/requests/{bindingId}/decline', { params: { path: { bindingId: first.id } } }); // 409 INVALID_STATE
await seller.GET('/v1/accounts/{accountId}/bindings/{bindingId}', { params: { path: { accountId, bindingId: partners[0].id } } }); // 404

let deliveries = [];
for (let i = 0; i < 50 && deliveries.length === 0; i++) {
  deliveries = (await must(partner.GET('/v1/partner/deliveries', { params: { query: { status: ['pending', 'failed', 'delivered'] } } }))).items;
  if (deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
}
if (deliveries[0]) await partner.POST('/v1/partner/deliveries/{deliveryId}/redeliver', { params: { path: { deliveryId: deliveries[0].id } } });

// ---- operations ------------------------------------------------------------------------------------
const anyone = clientFor(undefined);
await must(anyone.GET('/health/live'));
await must(anyone.GET('/health/ready'));

const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
const missed = documented.filter((operation) => !walked.has(operation));
console.log(`\n${walked.size} of ${documented.length} documented operations walked${missed.length ? `; not walked: ${missed.join(', ')}` : ''}.`);
console.log(findings.length === 0 ? 'No violations reported.' : `${findings.length} violation(s):\n${findings.map((f) => `  ${f}`).join('\n')}`);
process.exit(findings.length === 0 && missed.length === 0 ? 0 : 1);
