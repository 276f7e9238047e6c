import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsModule, AccountsService } from '@app/accounts';
import { DomainError, newId } from '@app/common';
import { PartnersModule, PartnersService } from '@app/partners';
import { ModuleContext, settleAll } from '@app/testing';
import { BindingsModule } from './bindings.module.js';
import { BindingsService } from './bindings.service.js';

/** The per-account live-partner limit (docs/API.md#live-limit) against the real MariaDB, under concurrency. */
describe('live-partner limit (MariaDB)', () => {
  let context: ModuleContext;
  let dataSource: DataSource;
  let bindings: BindingsService;
  let accounts: AccountsService;
  let partners: PartnersService;

  beforeAll(async () => {
    // A pool big enough that 20 binds really run at once.
    context = await ModuleContext.start([AccountsModule, PartnersModule, BindingsModule], { env: { MAX_LIVE_PARTNERS_PER_ACCOUNT: '1', DB_POOL_SIZE: '24' } });
    dataSource = context.get(DataSource);
    bindings = context.get(BindingsService);
    accounts = context.get(AccountsService);
    partners = context.get(PartnersService);
  });

  afterAll(async () => {
    await context?.stop();
  });

  const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`);
  const account = async () => (await accounts.createAccount(`Seller ${newId()}`)).id;
  const partner = async () =>
    (await partners.createPartner({ name: `Partner ${newId()}`, certified: true, contacts: { email: `p-${newId()}@partner.test` } })).id;
  const bind = (accountId: string, partnerId: string) => bindings.requestBinding({ accountId, partnerId, requestedBy: newId() });
  const liveCount = async (accountId: string) =>
    Number((await dataSource.query('SELECT COUNT(*) AS n FROM bindings WHERE account_id = ? AND live_partner_id IS NOT NULL', [accountId]))[0].n);

  it('lets exactly one of 20 simultaneous binds of different partners through with a cap of 1', async () => {
    const accountId = await account();
    const partnerIds = await Promise.all(Array.from({ length: 20 }, () => partner()));
    const { fulfilled, rejected } = await settleAll(partnerIds.map((partnerId) => bind(accountId, partnerId)));
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map(codeOf)).toEqual(Array(19).fill('PARTNER_LIMIT_REACHED'));
    expect(await liveCount(accountId)).toBe(1);
    // The refused binds wrote nothing: one binding row, one event.
    expect(Number((await dataSource.query('SELECT COUNT(*) AS n FROM bindings WHERE account_id = ?', [accountId]))[0].n)).toBe(1);
    expect(Number((await dataSource.query('SELECT COUNT(*) AS n FROM binding_events WHERE binding_id = ?', [fulfilled[0]!.id]))[0].n)).toBe(1);
  });

  it('makes only binds of the same account wait: another account binds while this one is locked', async () => {
    const [busy, other] = [await account(), await account()];
    const [p1, p2] = [await partner(), await partner()];
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [busy]);
      let busyDone = false;
      const waiting = bind(busy, p1).then((binding) => {
        busyDone = true;
        return binding;
      });
      const meanwhile = await bind(other, p2);
      expect(meanwhile.status).toBe('pending');
      expect(busyDone).toBe(false);
      await holder.rollbackTransaction();
      expect((await waiting).status).toBe('pending');
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it('follows the account’s own setting: a higher cap, 0 for none, null back to the global one', async () => {
    const accountId = await account();
    const ps = await Promise.all(Array.from({ length: 4 }, () => partner()));
    await accounts.updateAccount(accountId, { maxLivePartners: 2 });
    await bind(accountId, ps[0]!);
    await bind(accountId, ps[1]!);
    await expect(bind(accountId, ps[2]!)).rejects.toMatchObject({ code: 'PARTNER_LIMIT_REACHED' });

    await accounts.updateAccount(accountId, { maxLivePartners: 0 });
    await bind(accountId, ps[2]!);
    expect(await liveCount(accountId)).toBe(3);

    await accounts.updateAccount(accountId, { maxLivePartners: null });
    await expect(bind(accountId, ps[3]!)).rejects.toMatchObject({ code: 'PARTNER_LIMIT_REACHED' });
    expect((await accounts.getAccount(accountId))?.maxLivePartners).toBeNull();
  });

  it('frees the slot when a binding ends, and still answers BINDING_EXISTS for the partner already bound', async () => {
    const accountId = await account();
    const [p1, p2] = [await partner(), await partner()];
    const first = await bind(accountId, p1);
    await expect(bind(accountId, p1)).rejects.toMatchObject({ code: 'BINDING_EXISTS' });
    await expect(bind(accountId, p2)).rejects.toMatchObject({ code: 'PARTNER_LIMIT_REACHED' });
    await bindings.cancel(accountId, first.id, newId());
    expect((await bind(accountId, p2)).status).toBe('pending');
  });

  it('does not count a pending request past its expiry', async () => {
    const accountId = await account();
    const [p1, p2] = [await partner(), await partner()];
    const first = await bind(accountId, p1);
    await dataSource.query('UPDATE bindings SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000), first.id]);
    expect((await bind(accountId, p2)).status).toBe('pending');
  });
});
