import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, World, expectProblem, type ApiClient, type Partner, type Seller } from '@app/testing';

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF or LF inside quotes): what a spreadsheet does. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

const jsonLines = (text: string): any[] =>
  text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));

const byTime = (a: { at: string; id: string }, b: { at: string; id: string }) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1);

describe('audit export', () => {
  let stack: TestStack;
  let client: ApiClient;
  let world: World;
  let a: Seller;
  let b: Seller;
  let p1: Partner;
  let p2: Partner;
  const hostileReason = 'No, thanks: "we\'re full", sorry,\r\nreally\n=HYPERLINK("x")';
  /** Every event of A's and of P1's bindings, as the binding details show them. */
  let eventsOfA: any[];
  let eventsOfP1: any[];

  async function trail(seller: Seller, bindingId: string): Promise<any[]> {
    const response = await client.get(`/v1/accounts/${seller.accountId}/bindings/${bindingId}`, seller.viewer.token);
    return (response.body.events as any[]).map((event) => ({ ...event, accountId: seller.accountId, partnerId: response.body.partnerId }));
  }

  beforeAll(async () => {
    stack = await TestStack.start();
    client = stack.client;
    world = new World(client);
    [a, b, p1, p2] = await Promise.all([world.seller(), world.seller(), world.partner(), world.partner()]);
    const declined = await world.bind(a, p1);
    expect((await client.post(`/v1/partner/requests/${declined.id}/decline`, p1.user.token, { reason: hostileReason })).status).toBe(200);
    const cancelled = await world.bind(a, p1);
    expect((await client.post(`/v1/partner/requests/${cancelled.id}/confirm`, p1.user.token)).status).toBe(200);
    expect((await client.post(`/v1/accounts/${a.accountId}/bindings/${cancelled.id}/cancel`, a.admin.token)).status).toBe(200);
    const pending = await world.bind(a, p2);
    const ofB = await world.bind(b, p1);
    expect((await client.post(`/v1/partner/requests/${ofB.id}/confirm`, p1.user.token)).status).toBe(200);
    const [t1, t2, t3, t4] = await Promise.all([trail(a, declined.id), trail(a, cancelled.id), trail(a, pending.id), trail(b, ofB.id)]);
    eventsOfA = [...t1!, ...t2!, ...t3!].sort(byTime);
    eventsOfP1 = [...t1!, ...t2!, ...t4!].sort(byTime);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("streams the account's events as JSON lines, oldest first, and nothing of other accounts", async () => {
    const response = await client.get(`/v1/accounts/${a.accountId}/audit`, a.viewer.token);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="audit-account-${a.accountId}.jsonl"`);
    const lines = jsonLines(response.body as string);
    expect(lines).toEqual(eventsOfA);
    expect(lines.map((e) => e.type)).toEqual(expect.arrayContaining(['binding.requested', 'binding.declined', 'binding.confirmed', 'binding.cancelled']));
    expect(lines.find((e) => e.type === 'binding.declined').data).toEqual({ reason: hostileReason });

    // B sees only B's own events.
    const ofB = jsonLines((await client.get(`/v1/accounts/${b.accountId}/audit?format=jsonl`, b.manager.token)).body as string);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.every((e) => e.accountId === b.accountId)).toBe(true);
  });

  it('streams CSV with a header row and RFC 4180 quoting (commas, quotes and line breaks in a decline reason)', async () => {
    const response = await client.get(`/v1/accounts/${a.accountId}/audit?format=csv`, a.admin.token);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/csv/);
    const text = response.body as string;
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['id', 'bindingId', 'accountId', 'partnerId', 'type', 'actorKind', 'actorId', 'fromStatus', 'toStatus', 'at', 'data']);
    expect(rows).toHaveLength(eventsOfA.length);
    const records = rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
    expect(records.map((r) => r.id)).toEqual(eventsOfA.map((e) => e.id));
    const declined = records.find((r) => r.type === 'binding.declined')!;
    // The reason survives the round trip exactly; as JSON text the cell starts with "{", never a formula.
    expect(JSON.parse(declined.data!)).toEqual({ reason: hostileReason });
    const requested = records.find((r) => r.type === 'binding.requested')!;
    expect(requested).toMatchObject({ actorKind: 'seller', actorId: a.admin.id, fromStatus: '', toStatus: 'pending', accountId: a.accountId });
  });

  it("the partner's export has every request addressed to it, from any account, and nothing else", async () => {
    const response = await client.get('/v1/partner/audit', p1.user.token);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/x-ndjson/);
    expect(jsonLines(response.body as string)).toEqual(eventsOfP1);
    const csv = parseCsv((await client.get('/v1/partner/audit?format=csv', p2.user.token)).body as string);
    expect(csv.slice(1).map((row) => row[3])).toEqual(eventsOfA.filter((e) => e.partnerId === p2.id).map(() => p2.id));
  });

  it('from is inclusive and to exclusive', async () => {
    const middle = eventsOfA[Math.floor(eventsOfA.length / 2)]!;
    const ids = async (query: string) =>
      jsonLines((await client.get(`/v1/accounts/${a.accountId}/audit?${query}`, a.viewer.token)).body as string).map((e) => e.id);
    const from = encodeURIComponent(middle.at);
    expect(await ids(`from=${from}`)).toEqual(eventsOfA.filter((e) => e.at >= middle.at).map((e) => e.id));
    expect(await ids(`to=${from}`)).toEqual(eventsOfA.filter((e) => e.at < middle.at).map((e) => e.id));
    expect(await ids(`from=${from}&to=${from}`)).toEqual([]);
    expect(await ids('from=2000-01-01&to=2000-01-02')).toEqual([]);
    // An offset is honoured: the same moment written in another zone.
    const shifted = new Date(middle.at);
    const local = `${new Date(shifted.getTime() + 3 * 3600_000).toISOString().slice(0, 23)}+03:00`;
    expect(await ids(`from=${encodeURIComponent(local)}`)).toEqual(eventsOfA.filter((e) => e.at >= middle.at).map((e) => e.id));
    // An empty export of CSV is still its header row.
    expect(parseCsv((await client.get(`/v1/accounts/${a.accountId}/audit?format=csv&to=2000-01-01`, a.viewer.token)).body as string)).toHaveLength(1);
  });

  it('bad times or formats are 400 problem+json', async () => {
    const base = `/v1/accounts/${a.accountId}/audit`;
    for (const query of [
      'from=yesterday',
      'to=2026-02-30',
      'from=2026-01-01T10:00:00',
      'from=1',
      'format=xml',
      'format=',
      `from=${'9'.repeat(5000)}`,
      'from=2026-02-01&to=2026-01-01',
    ]) {
      const response = await client.get(`${base}?${query}`, a.viewer.token);
      expectProblem(response, 400, 'VALIDATION_FAILED');
    }
    expectProblem(await client.get('/v1/partner/audit?to=soon', p1.user.token), 400, 'VALIDATION_FAILED');
    // Unknown parameters are ignored.
    expect((await client.get(`${base}?sort=desc`, a.viewer.token)).status).toBe(200);
  });

  describe('authorisation', () => {
    it('any seller user of the account reads it; other accounts get 404, partners 403, no token 401', async () => {
      for (const user of [a.admin, a.manager, a.viewer]) expect((await client.get(`/v1/accounts/${a.accountId}/audit`, user.token)).status).toBe(200);
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/audit`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.get('/v1/accounts/00000000-0000-4000-8000-000000000000/audit', b.admin.token), 404, 'NOT_FOUND');
      // Ownership is checked before the query: another account's export with a bad query is still 404.
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/audit?from=bad`, b.admin.token), 404, 'NOT_FOUND');
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/audit`, p1.user.token), 403, 'FORBIDDEN');
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/audit`, null), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get(`/v1/accounts/${a.accountId}/audit`, client.operatorToken), 401, 'UNAUTHENTICATED');
    });

    it('the partner export is for partner users only', async () => {
      expectProblem(await client.get('/v1/partner/audit', a.admin.token), 403, 'FORBIDDEN');
      expectProblem(await client.get('/v1/partner/audit?from=bad', a.admin.token), 403, 'FORBIDDEN');
      expectProblem(await client.get('/v1/partner/audit', null), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get('/v1/partner/audit', client.operatorToken), 401, 'UNAUTHENTICATED');
    });
  });
});
