import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AccountsModule, AccountsService } from '@app/accounts';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, dropDatabase, prepareDatabase } from '@app/database';
import { PartnersModule, PartnersService } from '@app/partners';
import { QueueModule } from '@app/queue';
import { deleteQueueKeys, testConfig } from '@app/testing';
import { LIVE_BINDING_READ } from './bindings.repository.js';
import { BindingsModule } from './bindings.module.js';
import { BindingsService } from './bindings.service.js';

/** The access check is a hot path: its one statement must be a point read of the live-binding unique index. */
describe('access check read plan (MariaDB)', () => {
  let config: AppConfig;
  let moduleRef: TestingModule;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = testConfig();
    await prepareDatabase(config, { create: true });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), QueueModule.forRoot(), AccountsModule, PartnersModule, BindingsModule],
    }).compile();
    await moduleRef.init();
    dataSource = moduleRef.get(DataSource);
  });

  afterAll(async () => {
    await moduleRef?.close();
    if (config) {
      await dropDatabase(config);
      await deleteQueueKeys(config);
    }
  });

  it('reads one row through uq_bindings_live, whatever else the account holds', async () => {
    const accounts = moduleRef.get(AccountsService, { strict: false });
    const partners = moduleRef.get(PartnersService, { strict: false });
    const bindings = moduleRef.get(BindingsService);
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
