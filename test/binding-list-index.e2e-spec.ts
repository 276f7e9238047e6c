import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { newId } from '@app/common';
import { TestStack, World, type Partner, type Seller } from '@app/testing';

const ENDED = 3000;

/**
 * A status-filtered list (`?status=pending`) of an account with thousands of ended bindings reads
 * about one page of index entries, not every binding of the account.
 */
describe('status-filtered binding lists', () => {
  let stack: TestStack;
  let dataSource: DataSource;
  let seller: Seller;
  let partner: Partner;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    dataSource = stack.api.get(DataSource);
    const world = new World(stack.client);
    seller = await world.seller();
    partner = await world.partner();
    // History: thousands of cancelled requests (newer than the pending ones), written in bulk.
    const rows = Array.from({ length: ENDED }, (_, i) => {
      const at = new Date(Date.now() + 60_000 + i);
      return [newId(), seller.accountId, partner.id, null, 'cancelled', seller.admin.id, at, at, seller.admin.id, at];
    });
    await dataSource.query(
      'INSERT INTO bindings (id, account_id, partner_id, live_partner_id, status, requested_by, requested_at, expires_at, cancelled_by, cancelled_at) VALUES ?',
      [rows],
    );
    expect((await stack.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, { partnerId: partner.id })).status).toBe(202);
    await dataSource.query('ANALYZE TABLE bindings');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** How MariaDB runs the list query for one status: the index it picks and the rows it really reads. */
  async function analyze(column: 'account_id' | 'partner_id', owner: string, status: string): Promise<{ key: string; rowsRead: number }> {
    const [row] = await dataSource.query(
      `ANALYZE FORMAT=JSON SELECT id FROM bindings WHERE ${column} = ? AND status IN (?) ORDER BY requested_at DESC, id DESC LIMIT 21`,
      [owner, status],
    );
    // The table's node, wherever the plan nests it (under a filesort, for instance).
    const find = (node: any): any => (node && typeof node === 'object' ? (node.table ?? Object.values(node).map(find).find(Boolean)) : undefined);
    const table = find(JSON.parse(String(Object.values(row)[0])).query_block);
    return { key: table.key, rowsRead: Number(table.r_rows) };
  }

  it('reads about a page, whatever the history, for the account and for the partner', async () => {
    for (const [column, owner, key] of [
      ['account_id', seller.accountId, 'idx_bindings_account_status'],
      ['partner_id', partner.id, 'idx_bindings_partner_status'],
    ] as const) {
      expect(await analyze(column, owner, 'pending')).toEqual({ key, rowsRead: 1 });
      const cancelled = await analyze(column, owner, 'cancelled');
      expect(cancelled.key).toBe(key);
      expect(cancelled.rowsRead).toBeLessThanOrEqual(21);
    }
  });

  it('answers the filtered lists as before', async () => {
    const pending = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings?status=pending`, seller.viewer.token);
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.nextCursor).toBeNull();
    const requests = await stack.client.get('/v1/partner/requests?status=pending', partner.user.token);
    expect(requests.body.items).toHaveLength(1);
    const cancelled = await stack.client.get(`/v1/accounts/${seller.accountId}/bindings?status=cancelled&limit=100`, seller.viewer.token);
    expect(cancelled.body.items).toHaveLength(100);
    expect(cancelled.body.nextCursor).not.toBeNull();
  });
});
