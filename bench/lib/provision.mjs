// Provisioning through the operator API: seller accounts with an admin and a token each, certified
// partners whose webhook points at the harness's receiver, and "read" accounts holding 10 active and
// 5 pending bindings. Also the generator of distinct (account, partner) bind requests.

export const READ_BOUND = { active: 10, pending: 5 };

/** Runs `work` over `items`, `concurrency` at a time. */
export async function pool(items, concurrency, work) {
  const out = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await work(items[k], k);
      }
    }),
  );
  return out;
}

export async function http(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function createAccounts(op, count, runId) {
  return pool([...Array(count).keys()], 8, async (i) => {
    const account = await op('POST', '/v1/operator/accounts', { name: `Bench Seller ${i}` });
    const user = await op('POST', `/v1/operator/accounts/${account.id}/users`, { email: `admin${i}@${runId}.example`, name: `Admin ${i}`, role: 'admin' });
    const { accessToken } = await op('POST', '/v1/operator/tokens', { userId: user.id, ttlSeconds: 86_400 });
    return { id: account.id, userId: user.id, token: accessToken };
  });
}

async function createPartners(op, count, runId, webhookUrl) {
  return pool([...Array(count).keys()], 8, async (j) => {
    const p = await op('POST', '/v1/operator/partners', {
      name: `Bench Partner ${j}`,
      description: 'Integration, support and analytics for marketplace sellers.',
      certified: true,
      contacts: { email: `partner${j}@${runId}.example`, phone: '+7 495 000 00 00', website: 'https://partner.example' },
      services: ['integration', 'support'],
      webhookUrl,
    });
    return { id: p.id, secret: p.webhookSecret };
  });
}

/** Distinct (account, partner) pairs; consecutive pairs differ in both account and partner. */
function pairGrid(accounts, partners) {
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  if (gcd(accounts.length + 1, partners.length) !== 1) throw new Error('pairs grid: accounts+1 and partners must be coprime');
  let cursor = 0;
  return () => {
    const k = cursor++;
    if (k >= accounts.length * partners.length) throw new Error('out of (account, partner) pairs');
    return { account: accounts[k % accounts.length], partner: partners[(k + Math.floor(k / accounts.length)) % partners.length] };
  };
}

/**
 * Provisions and returns { gridAccounts, readAccounts, partners, bindRequest }. `bindRequest(publish)`
 * returns a request generator for autocannon; every request is a distinct pair. `onNotice(n)` counts
 * the webhooks the receiver should now expect.
 */
export async function provision({ stack, sizes, run, onNotice, log }) {
  const op = (method, path, body) => http(stack.apiUrl, method, path, run.operatorToken, body);
  const accounts = await createAccounts(op, sizes.accounts + sizes.readAccounts, run.id);
  const partners = await createPartners(op, sizes.partners, run.id, stack.receiver.url);
  stack.receiver.addSecrets(partners.map((p) => [p.id, p.secret]));
  const gridAccounts = accounts.slice(0, sizes.accounts);
  const readAccounts = accounts.slice(sizes.accounts);
  log(`provisioned ${accounts.length} accounts (+admins, tokens) and ${partners.length} partners`);
  const nextPair = pairGrid(gridAccounts, partners);
  const bindRequest = (publish) => () => {
    const { account, partner } = nextPair();
    return {
      method: 'POST',
      path: `/v1/accounts/${account.id}/bindings${publish ? '?publish=1' : ''}`,
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partnerId: partner.id }),
    };
  };
  // Requested through the API, then confirmed with a direct UPDATE, as the partner's confirm would leave them.
  await pool(readAccounts, 6, async (account) => {
    for (let j = 0; j < READ_BOUND.active + READ_BOUND.pending; j++) {
      const b = await http(stack.apiUrl, 'POST', `/v1/accounts/${account.id}/bindings`, account.token, { partnerId: partners[j].id });
      onNotice(1);
      if (j < READ_BOUND.active) {
        await stack.admin.query("UPDATE bindings SET status = 'active', responded_by = ?, responded_at = NOW(3), version = 2 WHERE id = ?", [
          account.userId,
          b.id,
        ]);
      }
    }
  });
  return { gridAccounts, readAccounts, partners, bindRequest };
}
