import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { KeyedReads } from '@app/common';
import { Sql } from '@app/database';
import { AccountEntity } from './account.entity.js';
import { SellerUserEntity } from './seller-user.entity.js';
import type { SellerRole } from './seller-role.js';

export interface AccountView {
  id: string;
  name: string;
  createdAt: string;
  /** The account's own cap on live partners (0: none); null: MAX_LIVE_PARTNERS_PER_ACCOUNT applies. */
  maxLivePartners: number | null;
  /** false once closed: its users are refused and its live bindings cancelled. */
  active: boolean;
}

export interface SellerUserView {
  id: string;
  email: string;
  name: string;
  accountId: string;
  role: SellerRole;
  active: boolean;
  /** The `sub` of this user's tokens from the marketplace's identity provider, or null. */
  externalSubject: string | null;
}

/** A user as authentication needs them: the view plus the moment before which their tokens are refused. */
export interface SellerUserRecord extends SellerUserView {
  tokensValidAfter: Date | null;
}

interface AccountRow {
  id: string;
  name: string;
  created_at: Date | string;
  max_live_partners: number | null;
  active: number | boolean;
}

interface SellerUserRow {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: SellerRole;
  active: number | boolean;
  external_subject: string | null;
  tokens_valid_after: Date | string | null;
}

const ACCOUNT_COLUMNS = 'id, name, created_at, active, max_live_partners';
// A user of a closed account is as inactive as a deactivated user: the account's flag comes with the same read.
const USER_COLUMNS = 'u.id, u.account_id, u.email, u.name, u.role, u.active AND a.active AS active, u.external_subject, u.tokens_valid_after';
const USER_FROM = 'seller_users u JOIN accounts a ON a.id = u.account_id';
/** The user row alone (lists: the operator's user list, an account's administrators). */
const OWN_USER_COLUMNS = 'id, account_id, email, name, role, active, external_subject, tokens_valid_after';
/** At most this many users are read by one statement of the guard's look-up (a bounded IN list of primary keys). */
const USERS_PER_STATEMENT = 64;

const toAccountView = (row: AccountRow): AccountView => ({
  id: row.id,
  name: row.name,
  createdAt: new Date(row.created_at).toISOString(),
  active: Boolean(row.active),
  maxLivePartners: row.max_live_partners ?? null,
});

const toUserRecord = (row: SellerUserRow): SellerUserRecord => ({
  id: row.id,
  accountId: row.account_id,
  email: row.email,
  name: row.name,
  role: row.role,
  active: Boolean(row.active),
  externalSubject: row.external_subject,
  tokensValidAfter: row.tokens_valid_after ? new Date(row.tokens_valid_after) : null,
});

/** The view of a record: what the API shows of a user (no token cut-off). */
export const userView = ({ tokensValidAfter: _, ...view }: SellerUserRecord): SellerUserView => view;

/**
 * The accounts module's data access: the only place that knows its tables and columns. Reads are
 * plain SQL (the user read runs on every seller request, the account read in every transition);
 * writes go through TypeORM's repositories (operator actions, not hot).
 */
@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(SellerUserEntity) private readonly users: Repository<SellerUserEntity>,
    @Inject(Sql) private readonly sql: Sql,
  ) {}

  /**
   * Concurrent look-ups of a user by id share one `SELECT … WHERE u.id IN (…)`: the row read on every
   * seller request (the guard) costs one statement per batch instead of one per request. Still the
   * live row, never a cached one: each look-up is carried by a statement sent after it was asked (see
   * Coalescer), so a deactivation, demotion or token cut-off committed before a request is seen by it.
   */
  private readonly usersById = new KeyedReads(
    (userIds: string[]) =>
      this.sql.select<SellerUserRow>(`SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.id IN (${userIds.map(() => '?').join(', ')})`, userIds),
    (row) => row.id,
    USERS_PER_STATEMENT,
  );

  // ---- accounts -------------------------------------------------------------------------

  async insertAccount(account: { id: string; name: string; createdAt: Date }): Promise<void> {
    await this.accounts.insert(account);
  }

  async findAccount(accountId: string): Promise<AccountView | null> {
    const [row] = await this.sql.select<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ? LIMIT 1`, [accountId]);
    return row ? toAccountView(row) : null;
  }

  /** false: no such account. */
  async setMaxLivePartners(accountId: string, maxLivePartners: number | null): Promise<boolean> {
    const result = await this.accounts.update({ id: accountId }, { maxLivePartners });
    return Boolean(result.affected) || (await this.accounts.existsBy({ id: accountId }));
  }

  /** Closes or reopens an account in the caller's transaction; whether this call changed it, and whether it exists. */
  async setAccountActive(tx: EntityManager, accountId: string, active: boolean): Promise<{ changed: boolean; exists: boolean }> {
    const result: { affectedRows: number } = await tx.query('UPDATE accounts SET active = ? WHERE id = ? AND active <> ?', [active, accountId, active]);
    if (result.affectedRows === 1) return { changed: true, exists: true };
    return { changed: false, exists: (await tx.query('SELECT 1 FROM accounts WHERE id = ?', [accountId])).length > 0 };
  }

  async findAccounts(accountIds: readonly string[]): Promise<AccountView[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.sql.select<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id IN (${accountIds.map(() => '?').join(', ')})`, [
      ...accountIds,
    ]);
    return rows.map(toAccountView);
  }

  // ---- seller users ---------------------------------------------------------------------

  /** Throws the driver's duplicate-key error when the e-mail or external subject is taken. */
  async insertUser(user: {
    id: string;
    accountId: string;
    email: string;
    name: string;
    role: SellerRole;
    externalSubject: string | null;
    at: Date;
  }): Promise<void> {
    const { at, ...fields } = user;
    await this.users.insert({ ...fields, active: true, tokensValidAfter: null, createdAt: at, updatedAt: at });
  }

  /** A user by id (within an account when given). */
  async findUser(userId: string, accountId?: string): Promise<SellerUserRecord | null> {
    const [row] =
      accountId === undefined
        ? await this.usersById.of(userId)
        : await this.sql.select<SellerUserRow>(`SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.id = ? AND u.account_id = ? LIMIT 1`, [userId, accountId]);
    return row ? toUserRecord(row) : null;
  }

  async findUserByExternalSubject(subject: string): Promise<SellerUserRecord | null> {
    const [row] = await this.sql.select<SellerUserRow>(`SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.external_subject = ? LIMIT 1`, [subject]);
    return row ? toUserRecord(row) : null;
  }

  /**
   * Writes a user's role, active flag and external subject; `revokeTokens` moves the token cut-off to
   * the database's clock (the one token issue times are compared with, see TokenService).
   * Throws the driver's duplicate-key error when the external subject is taken.
   */
  async updateUser(user: Pick<SellerUserView, 'id' | 'role' | 'active' | 'externalSubject'>, revokeTokens: boolean): Promise<void> {
    await this.users.update(
      { id: user.id },
      {
        role: user.role,
        active: user.active,
        externalSubject: user.externalSubject,
        updatedAt: new Date(),
        ...(revokeTokens && { tokensValidAfter: () => 'NOW(3)' }),
      },
    );
  }

  /** Seller users of every account by (e-mail, id), after `after`. */
  async listUsersAfter(after: { email: string; id: string } | null, limit: number): Promise<SellerUserView[]> {
    const rows = await this.sql.select<SellerUserRow>(
      `SELECT ${OWN_USER_COLUMNS} FROM seller_users${after ? ' WHERE (email > ? OR (email = ? AND id > ?))' : ''} ORDER BY email ASC, id ASC LIMIT ?`,
      [...(after ? [after.email, after.email, after.id] : []), limit],
    );
    return rows.map((row) => userView(toUserRecord(row)));
  }

  /** Active administrators of an account. */
  async administrators(accountId: string): Promise<SellerUserView[]> {
    const rows = await this.sql.select<SellerUserRow>(`SELECT ${OWN_USER_COLUMNS} FROM seller_users WHERE account_id = ? AND role = 'admin' AND active = 1`, [
      accountId,
    ]);
    return rows.map((row) => userView(toUserRecord(row)));
  }
}
