import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsModule, AccountsService } from '@app/accounts';
import { PartnersModule, PartnersService } from '@app/partners';
import { ModuleContext } from '@app/testing';
import { LIVE_BINDING_READ } from './bindings.repository.js';
import { BindingsModule } from './bindings.module.js';
import { BindingsService } from './bindings.service.js';

/** The access check is a hot path: its one statement must be a point read of the live-binding unique index. */
describe('access check read plan (MariaDB)', () => {
  let context: ModuleContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    context = await ModuleContext.start([AccountsModule, PartnersModule, BindingsModule]);
    dataSource = context.get(DataSource);
  });

  afterAll(async () => {
    await context?.stop();
  });

  it('reads one row through uq_bindings_live, whatever else the account holds', async () => {
    const accounts = context.get(AccountsService);
    const partners = context.get(PartnersService);
    const bindings = context.get(BindingsService);
    const account = await accounts.createAccount('Busy Seller');
    const admin = await accounts.createUser(account.id, { email: 'busy-admin@seller.test', name: 'Admin', role: 'admin' });
    const bound: string[] = [];
    for (let i = 0; i < 12; i++) {
      const partner = await partners.createPartner({ name: `Partner ${i}`, certified: true, contacts: { email: `p${i}@partner.test` } });
      const binding = await bindings.requestBinding({ accountId: account.id, partnerId: partner.id, requestedBy: admin.id });
      if (i % 2) await bindings.cancel(account.id, binding.id, admin.id);
      bound.push(partner.id);
    }
    await dataSource.query('ANALYZE TABLE bindings');
    const [plan] = await dataSource.query(`EXPLAIN ${LIVE_BINDING_READ}`, [account.id, bound[0]]);
    expect(plan).toMatchObject({ table: 'bindings', key: 'uq_bindings_live' });
    expect(['const', 'eq_ref', 'ref']).toContain(plan.type);
    expect(Number(plan.rows)).toBe(1);
  });
});
