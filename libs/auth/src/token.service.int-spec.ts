import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AccountsService } from '@app/accounts';
import { UnauthenticatedError, newId } from '@app/common';
import { Sql } from '@app/database';
import { PartnersService } from '@app/partners';
import { ModuleContext } from '@app/testing';
import { AuthModule } from './auth.module.js';
import type { Principal } from './principal.js';
import { TokenService } from './token.service.js';

const requestWith = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const isUserRead = (sql: string) => /FROM (seller_users|partner_users)\b/.test(sql) && sql.includes(' IN (');

/**
 * The guard's live user row against the real MariaDB: concurrent requests share one statement, and
 * the row stays live (a deactivation committed before a request is seen by it), with the shared
 * statement's failure failing exactly the requests it carried.
 */
describe('TokenService: the user row of concurrent requests (MariaDB)', () => {
  let context: ModuleContext;
  let tokens: TokenService;
  let accounts: AccountsService;
  let sql: Sql;
  let accountId: string;

  beforeAll(async () => {
    context = await ModuleContext.start([AuthModule], { queues: false });
    tokens = context.get(TokenService);
    accounts = context.get(AccountsService);
    sql = context.get(Sql);
    accountId = (await accounts.createAccount('Coalesced')).id;
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await context?.stop();
  });

  const newSeller = async () => {
    const user = await accounts.createUser(accountId, { email: `u-${newId()}@seller.test`, name: 'Seller user', role: 'admin' });
    return { user, token: (await tokens.mint(user.id, 600)).accessToken };
  };

  /** Every user-row statement the service sends from now on, by the SQL it ran. */
  const recordUserReads = () => {
    const statements: string[] = [];
    const select = sql.select.bind(sql);
    jest.spyOn(sql, 'select').mockImplementation((text: string, values?: unknown[]) => {
      if (isUserRead(text)) statements.push(text);
      return select(text, values);
    });
    return statements;
  };

  it('reads the users of concurrent requests in shared statements, each request getting its own user', async () => {
    const sellers = await Promise.all(Array.from({ length: 24 }, newSeller));
    const partners = context.get(PartnersService);
    const partner = await partners.createPartner({ name: `Partner ${newId()}`, certified: true, contacts: { email: `p-${newId()}@partner.test` } });
    const partnerUsers = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const user = await partners.createUser(partner.id, { email: `pu-${newId()}@partner.test`, name: 'Partner user' });
        return { user, token: (await tokens.mint(user.id, 600)).accessToken };
      }),
    );
    const statements = recordUserReads();

    const callers = [...sellers, ...partnerUsers];
    const principals = await Promise.all(callers.map(({ token }) => tokens.authenticate(requestWith(token))));

    expect(principals.map((principal) => (principal as Extract<Principal, { userId: string }>).userId)).toEqual(callers.map(({ user }) => user.id));
    expect(principals.slice(0, sellers.length).every((principal) => principal.kind === 'seller')).toBe(true);
    expect(principals.slice(sellers.length).every((principal) => principal.kind === 'partner')).toBe(true);
    // 32 requests at once: per kind of user, the first look-up goes alone and the rest go together.
    expect(statements.filter((text) => text.includes('seller_users'))).toHaveLength(2);
    expect(statements.filter((text) => text.includes('partner_users'))).toHaveLength(2);
  });

  it('refuses a user deactivated while a shared statement was in flight on the very next request', async () => {
    const { user, token } = await newSeller();
    // The first look-up's statement has run, but its answer is held back: a statement is in flight.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let ran!: () => void;
    const hasRun = new Promise<void>((resolve) => (ran = resolve));
    const select = sql.select.bind(sql);
    jest.spyOn(sql, 'select').mockImplementationOnce(async (text: string, values?: unknown[]) => {
      const rows = await select(text, values);
      ran();
      await released;
      return rows as never;
    });
    const before = tokens.authenticate(requestWith(token));
    await hasRun;

    await accounts.updateUser(accountId, user.id, { active: false });
    const next = tokens.authenticate(requestWith(token));
    release();

    // The request that was already being read was read before the deactivation; the next one after it.
    await expect(before).resolves.toMatchObject({ kind: 'seller', userId: user.id });
    await expect(next).rejects.toBeInstanceOf(UnauthenticatedError);
    // Reactivated, the old token stays revoked (the cut-off was read live as well).
    await accounts.updateUser(accountId, user.id, { active: true });
    await expect(tokens.authenticate(requestWith(token))).rejects.toThrow('This token was revoked.');
  });

  it('fails exactly the requests carried by a failed statement', async () => {
    const [first, second, third, fourth] = await Promise.all(Array.from({ length: 4 }, newSeller));
    const select = sql.select.bind(sql);
    let userReads = 0;
    jest.spyOn(sql, 'select').mockImplementation((text: string, values?: unknown[]) => {
      // The second user-row statement fails as a lost connection would.
      if (isUserRead(text) && ++userReads === 2) return Promise.reject(new Error('Connection lost: The server closed the connection.'));
      return select(text, values);
    });

    const alone = tokens.authenticate(requestWith(first!.token));
    const together = [second!, third!].map(({ token }) => tokens.authenticate(requestWith(token)));
    await expect(alone).resolves.toMatchObject({ userId: first!.user.id });
    for (const request of together) await expect(request).rejects.toThrow('Connection lost');
    await expect(tokens.authenticate(requestWith(fourth!.token))).resolves.toMatchObject({ userId: fourth!.user.id });
    expect(userReads).toBe(3);
  });
});
