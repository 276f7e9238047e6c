import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiResponse } from '../support/api-client.js';
import {
  Environment,
  deliveredCounts,
  inBatches,
  provision,
  recordFigures,
  sleep,
  waitFor,
  type ApiClient,
  type RelPartner,
  type RelSeller,
  type ServiceProcess,
} from './harness.js';

/**
 * Scale-out: 2 API + 2 worker processes on one database and one queue prefix.
 * 1,000 bind requests over both APIs (mostly distinct pairs; the same pair sent to both APIs at
 * once; the same Idempotency-Key sent to both APIs at once), confirm/cancel/decline races across
 * the two APIs, and a slice of requests with a short TTL expiring while both workers run (some
 * raced by a confirm, a cancel or a re-bind at the moment they expire).
 *
 * BINDING_REQUEST_TTL_SECONDS is per process, so the expiry slice is bound first through two APIs
 * started with a short TTL; those are then replaced (SIGTERM, like a rolling deploy) by two with
 * the default TTL that take the main load, during which the slice expires.
 */

const SELLERS = 36;
const PARTNERS = 30; // 1,080 pairs; 900 are used, each by one scenario
const SHORT_TTL_SECONDS = 10;
const CONCURRENCY = 24; // scenarios in flight at once (each is 1–3 requests)
const SLICE = { total: 120, confirmAtExpiry: 20, cancelAfterExpiry: 10, rebindAfterExpiry: 10 };
const MAIN = {
  confirmCancel: 100,
  doubleConfirm: 40,
  doubleCancel: 40,
  confirmDecline: 40,
  confirmThenCancel: 60,
  decline: 60,
  plain: 340,
  duplicatePairs: 50,
  idempotentPairs: 50,
};

type Status = 'pending' | 'active' | 'declined' | 'expired' | 'cancelled';
type Pair = { seller: RelSeller; partner: RelPartner };

/** The statuses a binding must have gone through (its audit trail, as a chain of to-statuses). */
interface Expectation {
  id: string;
  pair: Pair;
  path: Status[];
  scenario: string;
}

interface EventRow {
  id: string;
  binding_id: string;
  type: string;
  actor_kind: string;
  from_status: Status | null;
  to_status: Status;
  at: Date;
}

/** The state machine (docs/API.md#state-machine) as event type → allowed (from, to, actor). */
const ALLOWED: Record<string, Array<{ from: Status | null; to: Status; actor: string }>> = {
  'binding.requested': [{ from: null, to: 'pending', actor: 'seller' }],
  'binding.confirmed': [{ from: 'pending', to: 'active', actor: 'partner' }],
  'binding.declined': [{ from: 'pending', to: 'declined', actor: 'partner' }],
  'binding.expired': [{ from: 'pending', to: 'expired', actor: 'system' }],
  'binding.cancelled': [
    { from: 'pending', to: 'cancelled', actor: 'seller' },
    { from: 'active', to: 'cancelled', actor: 'seller' },
  ],
};
const PARTNER_HEARS = new Set(['binding.requested', 'binding.cancelled', 'binding.expired']);

/** A small seeded PRNG, so the mix is the same on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function metric(proc: ServiceProcess, name: string, label: string): Promise<number> {
  try {
    const text = await (await fetch(`${proc.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
    return line ? Number(line.split(' ').pop()) : 0;
  } catch {
    return -1;
  }
}

describe('scale-out: 2 APIs + 2 workers on one database and one Redis', () => {
  let env: Environment;
  let workers: ServiceProcess[];
  let sellers: RelSeller[];
  let partners: RelPartner[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    env = await Environment.create({ LOG_LEVEL: 'info', DB_POOL_SIZE: '10' });
    workers = await Promise.all([env.start('worker', 'worker-1'), env.start('worker', 'worker-2')]);
  });

  afterAll(async () => {
    recordFigures('scale-out', figures);
    await env?.close();
  });

  it('1,000 binds with duplicates, idempotent replays, confirm/cancel races and expiries: no duplicate live binding, every notice delivered, every expiry once, every audit trail a valid path', async () => {
    const random = prng(20261127);
    const testStarted = Date.now();
    const expectations: Expectation[] = [];
    const problems: string[] = [];
    const races: Record<string, Record<string, number>> = {};
    const tally = (race: string, outcome: string) => {
      races[race] ??= {};
      races[race][outcome] = (races[race][outcome] ?? 0) + 1;
    };
    const bindStatuses: Record<string, number> = {};
    let bindRequests = 0;
    const bindLatencies: number[] = [];
    const percentile = (values: number[], p: number) =>
      [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;

    // ---- phase 1: the expiry slice, through two APIs with a short TTL ----------------------------
    const shortEnv = { BINDING_REQUEST_TTL_SECONDS: String(SHORT_TTL_SECONDS) };
    const shortApis = await Promise.all([env.start('api', 'api-1-short-ttl', shortEnv), env.start('api', 'api-2-short-ttl', shortEnv)]);
    ({ sellers, partners } = await provision(env.client(shortApis[0]!), env.receiver, SELLERS, PARTNERS));
    const pairs = shuffle(
      sellers.flatMap((seller) => partners.map((partner) => ({ seller, partner }))),
      random,
    );
    let nextPair = 0;
    const takePair = () => pairs[nextPair++]!;

    const bind = async (client: ApiClient, pair: Pair, key?: string): Promise<ApiResponse> => {
      bindRequests++;
      const started = Date.now();
      const response = await client.post(
        `/v1/accounts/${pair.seller.accountId}/bindings`,
        pair.seller.adminToken,
        { partnerId: pair.partner.id },
        key ? { 'idempotency-key': key } : undefined,
      );
      const label = response.status === 202 ? '202' : `${response.status} ${response.body?.code ?? ''}`.trim();
      bindStatuses[label] = (bindStatuses[label] ?? 0) + 1;
      bindLatencies.push(Date.now() - started);
      return response;
    };
    const must = (response: ApiResponse, status: number, what: string): boolean => {
      if (response.status === status) return true;
      problems.push(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
      return false;
    };
    const confirm = (client: ApiClient, id: string, pair: Pair) => client.post(`/v1/partner/requests/${id}/confirm`, pair.partner.userToken);
    const decline = (client: ApiClient, id: string, pair: Pair) =>
      client.post(`/v1/partner/requests/${id}/decline`, pair.partner.userToken, { reason: 'busy' });
    const cancel = (client: ApiClient, id: string, pair: Pair) =>
      client.post(`/v1/accounts/${pair.seller.accountId}/bindings/${id}/cancel`, pair.seller.adminToken);

    const shortClients = shortApis.map((api) => env.client(api));
    const sliceStarted = Date.now();
    const slice = await inBatches(
      Array.from({ length: SLICE.total }, () => takePair()),
      CONCURRENCY,
      async (pair, i) => {
        const response = await bind(shortClients[i % 2]!, pair);
        if (!must(response, 202, 'slice bind')) return null;
        return { id: response.body.id as string, expiresAt: Date.parse(response.body.expiresAt), pair, via: i % 2 };
      },
    );
    const sliceMs = Date.now() - sliceStarted;

    // ---- the swap: the short-TTL APIs leave (SIGTERM), two with the default TTL take over ---------
    const swapStarted = Date.now();
    const [shortExits, apis] = await Promise.all([
      Promise.all(shortApis.map((api) => api.stop('SIGTERM'))),
      Promise.all([env.start('api', 'api-1'), env.start('api', 'api-2')]),
    ]);
    const swapMs = Date.now() - swapStarted;
    expect(shortExits.map((e) => e.code)).toEqual([0, 0]);
    const clients = apis.map((api) => env.client(api));
    const pick = () => (random() < 0.5 ? 0 : 1);

    // ---- the slice's moment of expiry, raced while the main load runs -----------------------------
    const firstExpiry = Math.min(...slice.filter((s) => s !== null).map((s) => s!.expiresAt));
    const sliceActions = inBatches(
      slice.map((s, i) => ({ s, i })),
      SLICE.total,
      async ({ s, i }) => {
        if (!s) return;
        const a = s.via; // the API that did not bind it answers at the moment of expiry
        const atExpiry = async (offsetMs: number) => sleep(Math.max(0, s.expiresAt + offsetMs - Date.now()));
        if (i < SLICE.confirmAtExpiry) {
          // Sent up to 0.8 s before the moment (requests take a few hundred ms under this load), so both outcomes occur.
          await atExpiry(Math.round(random() * 900) - 800);
          const response = await confirm(clients[1 - a]!, s.id, s.pair);
          tally('confirm at the moment of expiry', `confirm ${response.status}`);
          if (response.status === 200) expectations.push({ id: s.id, pair: s.pair, path: ['pending', 'active'], scenario: 'confirm at expiry (won)' });
          else if (must(response, 409, 'confirm at expiry'))
            expectations.push({ id: s.id, pair: s.pair, path: ['pending', 'expired'], scenario: 'confirm at expiry (lost)' });
        } else if (i < SLICE.confirmAtExpiry + SLICE.cancelAfterExpiry) {
          await atExpiry(Math.round(random() * 50));
          const response = await cancel(clients[1 - a]!, s.id, s.pair);
          tally('cancel just after expiry', `cancel ${response.status}`);
          must(response, 409, 'cancel after expiry');
          expectations.push({ id: s.id, pair: s.pair, path: ['pending', 'expired'], scenario: 'cancel after expiry' });
        } else if (i < SLICE.confirmAtExpiry + SLICE.cancelAfterExpiry + SLICE.rebindAfterExpiry) {
          await atExpiry(Math.round(random() * 50));
          const response = await bind(clients[1 - a]!, s.pair);
          tally('re-bind just after expiry', `bind ${response.status}${response.status === 202 && response.body.id !== s.id ? ' (new id)' : ''}`);
          expectations.push({ id: s.id, pair: s.pair, path: ['pending', 'expired'], scenario: 're-bind after expiry (old)' });
          if (must(response, 202, 're-bind after expiry')) {
            if (response.body.id === s.id) problems.push(`re-bind after expiry returned the expired binding ${s.id}`);
            expectations.push({ id: response.body.id, pair: s.pair, path: ['pending'], scenario: 're-bind after expiry (new)' });
          }
        } else {
          expectations.push({ id: s.id, pair: s.pair, path: ['pending', 'expired'], scenario: 'left to expire' });
        }
      },
    );

    // ---- phase 2: the main load over both APIs -----------------------------------------------------
    type Scenario = () => Promise<void>;
    const scenarios: Scenario[] = [];
    const distinct = (name: string, count: number, after: (id: string, pair: Pair, a: number) => Promise<Status[]>) => {
      for (let n = 0; n < count; n++) {
        const pair = takePair();
        scenarios.push(async () => {
          const a = pick();
          const response = await bind(clients[a]!, pair);
          if (!must(response, 202, `${name} bind`)) return;
          const id = response.body.id as string;
          expectations.push({ id, pair, path: await after(id, pair, a), scenario: name });
        });
      }
    };
    distinct('plain', MAIN.plain, async () => ['pending']);
    distinct('confirm/cancel race', MAIN.confirmCancel, async (id, pair, a) => {
      // The partner confirms on one API while the admin cancels on the other.
      const [c, x] = await Promise.all([confirm(clients[a]!, id, pair), cancel(clients[1 - a]!, id, pair)]);
      tally('confirm vs cancel (other API)', `confirm ${c.status}, cancel ${x.status}`);
      must(x, 200, 'cancel racing a confirm');
      if (c.status === 200) return ['pending', 'active', 'cancelled'];
      must(c, 409, 'confirm racing a cancel');
      return ['pending', 'cancelled'];
    });
    distinct('double confirm', MAIN.doubleConfirm, async (id, pair) => {
      const [c1, c2] = await Promise.all([confirm(clients[0]!, id, pair), confirm(clients[1]!, id, pair)]);
      tally('confirm vs confirm', `${c1.status}, ${c2.status}`);
      must(c1, 200, 'double confirm (1)');
      must(c2, 200, 'double confirm (2)');
      return ['pending', 'active'];
    });
    distinct('double cancel', MAIN.doubleCancel, async (id, pair) => {
      const [x1, x2] = await Promise.all([cancel(clients[0]!, id, pair), cancel(clients[1]!, id, pair)]);
      tally('cancel vs cancel', `${x1.status}, ${x2.status}`);
      must(x1, 200, 'double cancel (1)');
      must(x2, 200, 'double cancel (2)');
      return ['pending', 'cancelled'];
    });
    distinct('confirm/decline race', MAIN.confirmDecline, async (id, pair, a) => {
      const [c, d] = await Promise.all([confirm(clients[a]!, id, pair), decline(clients[1 - a]!, id, pair)]);
      tally('confirm vs decline', `confirm ${c.status}, decline ${d.status}`);
      if (c.status === 200 && d.status === 409) return ['pending', 'active'];
      if (d.status === 200 && c.status === 409) return ['pending', 'declined'];
      problems.push(`confirm/decline race on ${id}: confirm ${c.status}, decline ${d.status}`);
      return ['pending'];
    });
    distinct('confirm then cancel', MAIN.confirmThenCancel, async (id, pair, a) => {
      must(await confirm(clients[a]!, id, pair), 200, 'confirm');
      must(await cancel(clients[1 - a]!, id, pair), 200, 'cancel of an active binding');
      return ['pending', 'active', 'cancelled'];
    });
    distinct('decline', MAIN.decline, async (id, pair, a) => {
      must(await decline(clients[1 - a]!, id, pair), 200, 'decline');
      return ['pending', 'declined'];
    });
    // The same (account, partner) sent to both APIs at once, no key: one 202, one 409 BINDING_EXISTS.
    let duplicatesRefused = 0;
    for (let n = 0; n < MAIN.duplicatePairs; n++) {
      const pair = takePair();
      scenarios.push(async () => {
        const [r1, r2] = await Promise.all([bind(clients[0]!, pair), bind(clients[1]!, pair)]);
        tally(
          'same pair on both APIs at once',
          [r1, r2]
            .map((r) => (r.status === 202 ? '202' : `${r.status} ${r.body?.code}`))
            .sort()
            .join(', '),
        );
        const won = [r1, r2].filter((r) => r.status === 202);
        const lost = [r1, r2].filter((r) => r.status === 409 && r.body?.code === 'BINDING_EXISTS');
        duplicatesRefused += lost.length;
        if (won.length !== 1 || lost.length !== 1)
          problems.push(`same pair twice: ${r1.status} ${JSON.stringify(r1.body)} / ${r2.status} ${JSON.stringify(r2.body)}`);
        if (won[0]) expectations.push({ id: won[0].body.id, pair, path: ['pending'], scenario: 'duplicate pair' });
      });
    }
    // The same Idempotency-Key sent to both APIs at once: both 202 with the same binding.
    const idempotent: Array<{ key: string; pair: Pair; id: string }> = [];
    for (let n = 0; n < MAIN.idempotentPairs; n++) {
      const pair = takePair();
      scenarios.push(async () => {
        const key = `scale-${randomUUID()}`;
        const [r1, r2] = await Promise.all([bind(clients[0]!, pair, key), bind(clients[1]!, pair, key)]);
        const same = r1.status === 202 && r2.status === 202 && r1.body.id === r2.body.id;
        tally(
          'same Idempotency-Key on both APIs at once',
          same ? '202, 202, same id' : `${r1.status}, ${r2.status}${r1.body?.id && r1.body.id === r2.body?.id ? ', same id' : ''}`,
        );
        if (!same) problems.push(`idempotent pair: ${r1.status} ${JSON.stringify(r1.body)} / ${r2.status} ${JSON.stringify(r2.body)}`);
        const id = (r1.status === 202 ? r1 : r2).body?.id;
        if (id) {
          idempotent.push({ key, pair, id });
          expectations.push({ id, pair, path: ['pending'], scenario: 'idempotent pair' });
        }
      });
    }
    shuffle(scenarios, random);

    const mainStarted = Date.now();
    const bindRequestsBeforeMain = bindRequests;
    await inBatches(scenarios, CONCURRENCY, (scenario) => scenario());
    const mainMs = Date.now() - mainStarted;
    const mainBindRequests = bindRequests - bindRequestsBeforeMain;
    await sliceActions;
    const loadEnded = Date.now();

    // Replays after the fact, each on both APIs: the first answer again (same id, still 202).
    let replaysSameId = 0;
    await inBatches(idempotent, 8, async ({ key, pair, id }) => {
      for (const client of clients) {
        const replay = await client.post(
          `/v1/accounts/${pair.seller.accountId}/bindings`,
          pair.seller.adminToken,
          { partnerId: pair.partner.id },
          { 'idempotency-key': key },
        );
        if (replay.status === 202 && replay.body.id === id) replaysSameId++;
        else problems.push(`late replay of ${key}: ${replay.status} ${JSON.stringify(replay.body)} (expected ${id})`);
      }
    });

    // ---- everything settles: every expiry fired, every partner-heard event delivered --------------
    const sliceIds = slice.filter((s) => s !== null).map((s) => s!.id);
    await waitFor(
      async () =>
        Number(
          (
            await env.query<{ n: number }>(
              `SELECT COUNT(*) AS n FROM bindings WHERE status = 'pending' AND id IN (${sliceIds.map(() => '?').join(',')})`,
              sliceIds,
            )
          )[0]!.n,
        ) === 0,
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: 'every request of the slice to be answered or expired',
      },
    );
    const heard = async () =>
      (
        await env.query<EventRow>(`SELECT id, binding_id, type FROM binding_events WHERE type IN ('binding.requested','binding.cancelled','binding.expired')`)
      ).map((e) => e.id);
    let partnerEvents = await heard();
    await waitFor(
      async () => {
        const delivered = deliveredCounts(env.receiver);
        if (!partnerEvents.every((id) => delivered.has(id))) return false;
        partnerEvents = await heard(); // nothing new since?
        return partnerEvents.every((id) => delivered.has(id));
      },
      { timeoutMs: 90_000, intervalMs: 200, what: 'every partner-heard event to be delivered' },
    );
    const deliveredAllMs = Date.now() - loadEnded;
    await env.settled(60_000);

    // ---- the checks, straight from the database ----------------------------------------------------
    expect(problems).toEqual([]);

    const duplicatesLive = await env.query(
      `SELECT account_id, partner_id, COUNT(*) AS n FROM bindings WHERE status IN ('pending','active') GROUP BY account_id, partner_id HAVING COUNT(*) > 1`,
    );
    expect(duplicatesLive).toEqual([]);

    const bindings = await env.query<{ id: string; account_id: string; partner_id: string; status: Status; version: number; expires_at: Date }>(
      'SELECT id, account_id, partner_id, status, version, expires_at FROM bindings',
    );
    const events = await env.query<EventRow>(
      'SELECT id, binding_id, type, actor_kind, from_status, to_status, at FROM binding_events ORDER BY binding_id, at, id',
    );
    const eventsOf = new Map<string, EventRow[]>();
    for (const e of events) eventsOf.set(e.binding_id, [...(eventsOf.get(e.binding_id) ?? []), e]);
    const bindingById = new Map(bindings.map((b) => [b.id, b]));

    // Audit trails: a valid path of the state machine, from/to chaining, ending in the binding's status.
    const invalidTrails: string[] = [];
    let orderedByTimeMismatch = 0;
    for (const b of bindings) {
      const trail = eventsOf.get(b.id) ?? [];
      // Chain by from → to (independent of clock ties), then compare with the API's order (at, id).
      const chain: EventRow[] = [];
      let at: Status | null = null;
      const left = [...trail];
      while (left.length > 0) {
        const index = left.findIndex((e) => e.from_status === at);
        if (index < 0) break;
        const [e] = left.splice(index, 1);
        chain.push(e!);
        at = e!.to_status;
      }
      const bad = (why: string) =>
        invalidTrails.push(`${b.id} (${b.status}, v${b.version}): ${why}: ${trail.map((e) => `${e.type} ${e.from_status}→${e.to_status}`).join(', ')}`);
      if (left.length > 0) {
        bad('events do not chain');
        continue;
      }
      if (chain.some((e) => !ALLOWED[e.type]?.some((r) => r.from === e.from_status && r.to === e.to_status && r.actor === e.actor_kind))) {
        bad('a transition the state machine does not allow');
        continue;
      }
      if (at !== b.status) bad('trail does not end in the binding status');
      if (Number(b.version) !== chain.length) bad(`version ${b.version} after ${chain.length} events`);
      if (chain.some((e, i) => e.id !== trail[i]!.id)) orderedByTimeMismatch++;
    }
    expect(invalidTrails).toEqual([]);

    // Each scenario's binding went the way its answers said (races behave as if run one after the other).
    const wrongPaths = expectations.flatMap((x) => {
      const b = bindingById.get(x.id);
      const path = (eventsOf.get(x.id) ?? []).map((e) => e.to_status);
      const sorted: Status[] = [];
      let from: Status | null = null;
      for (;;) {
        const next = (eventsOf.get(x.id) ?? []).find((e) => e.from_status === from);
        if (!next) break;
        sorted.push(next.to_status);
        from = next.to_status;
      }
      if (!b || b.account_id !== x.pair.seller.accountId || b.partner_id !== x.pair.partner.id) return [`${x.scenario} ${x.id}: missing or wrong pair`];
      return sorted.join('>') === x.path.join('>')
        ? []
        : [`${x.scenario} ${x.id}: expected ${x.path.join('>')}, trail ${sorted.join('>')} (${path.join(',')})`];
    });
    expect(wrongPaths).toEqual([]);
    expect(new Set(expectations.map((x) => x.id)).size).toBe(bindings.length); // no binding nobody asked for

    // Expiry exactly once, and terminal.
    const expiredEvents = events.filter((e) => e.type === 'binding.expired');
    const expiredPerBinding = new Map<string, number>();
    for (const e of expiredEvents) expiredPerBinding.set(e.binding_id, (expiredPerBinding.get(e.binding_id) ?? 0) + 1);
    const expiredTwice = [...expiredPerBinding].filter(([, n]) => n > 1);
    expect(expiredTwice).toEqual([]);
    const expiredBindings = bindings.filter((b) => b.status === 'expired');
    expect(expiredBindings.map((b) => b.id).sort()).toEqual(expiredEvents.map((e) => e.binding_id).sort());
    const afterExpiry = expiredEvents.filter((x) => events.some((e) => e.binding_id === x.binding_id && e.from_status === 'expired'));
    expect(afterExpiry).toEqual([]);
    expect(expiredBindings.length).toBe(expectations.filter((x) => x.path.at(-1) === 'expired').length);
    // Never early, never late: an expiry is at or after expiresAt, and an answer that won (confirm, decline, cancel) before it.
    const expiresAt = new Map(bindings.map((b) => [b.id, new Date(b.expires_at).getTime()]));
    const earlyExpiries = expiredEvents.filter((e) => new Date(e.at).getTime() < expiresAt.get(e.binding_id)!);
    expect(earlyExpiries).toEqual([]);
    const lateAnswers = events.filter(
      (e) => e.from_status === 'pending' && e.type !== 'binding.expired' && new Date(e.at).getTime() >= expiresAt.get(e.binding_id)!,
    );
    expect(lateAnswers).toEqual([]);
    const stillOverdue = await env.query(`SELECT id FROM bindings WHERE status = 'pending' AND expires_at < NOW(3) - INTERVAL 2 SECOND`);
    expect(stillOverdue).toEqual([]);

    // Notices: every partner-heard event arrived at its partner's endpoint (by X-Event-Id), with the right
    // type and binding version; every event has exactly one seller notice.
    const partnerPath = new Map(partners.map((p) => [p.id, p.path]));
    const delivered = deliveredCounts(env.receiver);
    const heardEvents = events.filter((e) => PARTNER_HEARS.has(e.type));
    const lost = heardEvents.filter((e) => !delivered.has(e.id));
    expect(lost.map((e) => e.id)).toEqual([]);
    const wrongDeliveries = env.receiver.received.filter((r) => {
      const event = events.find((e) => e.id === r.headers['x-event-id']);
      if (!event || !PARTNER_HEARS.has(event.type)) return true;
      const binding = bindingById.get(event.binding_id)!;
      const chainIndex = (() => {
        let from: Status | null = null;
        for (let i = 0; ; i++) {
          const next = eventsOf.get(event.binding_id)!.find((e) => e.from_status === from);
          if (!next) return -1;
          if (next.id === event.id) return i;
          from = next.to_status;
        }
      })();
      return (
        r.path !== partnerPath.get(binding.partner_id) ||
        r.headers['x-event-type'] !== event.type ||
        r.body?.data?.binding?.id !== event.binding_id ||
        r.body?.data?.binding?.status !== event.to_status ||
        r.body?.data?.binding?.version !== chainIndex + 1
      );
    });
    expect(wrongDeliveries.map((r) => `${r.path} ${r.headers['x-event-id']} ${r.rawBody.slice(0, 200)}`)).toEqual([]);
    const deliveredTwice = heardEvents.filter((e) => (delivered.get(e.id) ?? 0) > 1).length;
    const notices = await env.query<{ id: string; type: string; binding_id: string }>('SELECT id, type, binding_id FROM seller_notices');
    const noticeById = new Map(notices.map((n) => [n.id, n]));
    expect(notices.length).toBe(events.length);
    expect(events.filter((e) => noticeById.get(e.id)?.type !== e.type || noticeById.get(e.id)?.binding_id !== e.binding_id).map((e) => e.id)).toEqual([]);

    // Both workers took part (per-process counters).
    const perWorker = await Promise.all(
      workers.map(async (w) => ({
        expiries: await metric(w, 'pbs_binding_transitions_total', 'type="binding.expired"'),
        delivered: await metric(w, 'pbs_webhook_deliveries_total', 'outcome="delivered"'),
      })),
    );
    const expiredDuringMain = expiredEvents.filter((e) => new Date(e.at).getTime() >= mainStarted && new Date(e.at).getTime() <= mainStarted + mainMs).length;

    const byStatus = bindings.reduce<Record<string, number>>((acc, b) => ({ ...acc, [b.status]: (acc[b.status] ?? 0) + 1 }), {});
    Object.assign(figures, {
      sizes: {
        sellers: SELLERS,
        partners: PARTNERS,
        bindRequests,
        sliceBinds: SLICE.total,
        shortTtlSeconds: SHORT_TTL_SECONDS,
        mainBindRequests,
        concurrency: CONCURRENCY,
        bindings: bindings.length,
        events: events.length,
      },
      sliceBindMs: sliceMs,
      apiSwapMs: swapMs,
      mainLoadMs: mainMs,
      mainBindThroughputPerSecond: Math.round((mainBindRequests / mainMs) * 1000 * 10) / 10,
      bindLatencyMs: { p50: percentile(bindLatencies, 50), p95: percentile(bindLatencies, 95), max: Math.max(...bindLatencies) },
      bindStatuses,
      duplicatesRefused,
      idempotentReplays: { concurrentPairs: idempotent.length, laterReplaysSameId: replaysSameId },
      races,
      finalStatuses: byStatus,
      expiries: {
        expired: expiredBindings.length,
        byWorkers: perWorker.reduce((n, w) => n + w.expiries, 0),
        early: earlyExpiries.length,
        answersAfterExpiry: lateAnswers.length,
        maxLagMs: Math.max(...expiredEvents.map((e) => new Date(e.at).getTime() - expiresAt.get(e.binding_id)!)),
        firedTwice: expiredTwice.length,
        transitionsAfterExpiry: afterExpiry.length,
        firedDuringMainLoad: expiredDuringMain,
        firstDueMsAfterMainStart: firstExpiry - mainStarted,
      },
      audit: { trails: bindings.length, invalid: invalidTrails.length, apiOrderDiffersFromChain: orderedByTimeMismatch },
      deliveries: {
        partnerEvents: heardEvents.length,
        lost: lost.length,
        deliveredTwice,
        allDeliveredMsAfterLoad: deliveredAllMs,
        receiverRequests: env.receiver.received.length,
      },
      sellerNotices: { events: events.length, notices: notices.length },
      perWorker,
      duplicateLiveBindings: duplicatesLive.length,
      testMs: Date.now() - testStarted,
    });
    expect(orderedByTimeMismatch).toBe(0);
  });
});
