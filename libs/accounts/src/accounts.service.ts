import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError, newId } from '@app/common';
import { Sql, isDuplicateKey, isDuplicateKeyOn } from '@app/database';
import { AccountEntity } from './account.entity.js';
import { SellerUserEntity } from './seller-user.entity.js';
import type { SellerRole } from './seller-role.js';

export interface AccountView {
  id: string;
  name: string;
  createdAt: string;
  /** The account's own cap on live partners (0: none); null: MAX_LIVE_PARTNERS_PER_ACCOUNT applies. */
  maxLivePartners: number | null;
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

interface SellerUserRow {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: SellerRole;
  active: number;
  external_subject: string | null;
  tokens_valid_after: Date | null;
}

const USER_COLUMNS = 'id, account_id, email, name, role, active, external_subject, tokens_valid_after';

const rowToRecord = (row: SellerUserRow): SellerUserRecord => ({
  id: row.id,
  accountId: row.account_id,
  email: row.email,
  name: row.name,
  role: row.role,
  active: Boolean(row.active),
  externalSubject: row.external_subject,
  tokensValidAfter: row.tokens_valid_after ? new Date(row.tokens_valid_after) : null,
});

const takenError = (error: unknown): unknown => {
  if (isDuplicateKeyOn(error, 'uq_seller_users_external_subject')) return new DomainError('EXTERNAL_SUBJECT_TAKEN', 'Another user already has this external subject.');
  if (isDuplicateKey(error)) return new DomainError('EMAIL_TAKEN', 'A user with this e-mail already exists.');
  return error;
};

const toAccountView = (account: AccountEntity): AccountView => ({ id: account.id, name: account.name, createdAt: account.createdAt.toISOString(), maxLivePartners: account.maxLivePartners ?? null });
const toUserView = (user: SellerUserEntity): SellerUserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  accountId: user.accountId,
  role: user.role,
  active: Boolean(user.active),
  externalSubject: user.externalSubject ?? null,
});

/** Seller accounts and their users. Other modules use this service, never the tables. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(SellerUserEntity) private readonly users: Repository<SellerUserEntity>,
    @Inject(Sql) private readonly sql: Sql,
  ) {}

  async createAccount(name: string): Promise<AccountView> {
    const account = this.accounts.create({ id: newId(), name, createdAt: new Date(), maxLivePartners: null });
    await this.accounts.insert(account);
    return toAccountView(account);
  }

  async getAccount(accountId: string): Promise<AccountView | null> {
    const [row] = await this.sql.select<{ id: string; name: string; created_at: Date; max_live_partners: number | null }>(
      'SELECT id, name, created_at, max_live_partners FROM accounts WHERE id = ? LIMIT 1',
      [accountId],
    );
    return row ? { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString(), maxLivePartners: row.max_live_partners } : null;
  }

  /** Sets the account's own cap on live partners (docs/API.md#live-limit); null falls back to the global setting. */
  async setMaxLivePartners(accountId: string, maxLivePartners: number | null): Promise<AccountView> {
    const result = await this.accounts.update({ id: accountId }, { maxLivePartners });
    if (!result.affected && !(await this.accounts.existsBy({ id: accountId }))) throw new NotFoundError('Account');
    const account = await this.getAccount(accountId);
    if (!account) throw new NotFoundError('Account');
    return account;
  }

  /**
   * Locks the account's row in the caller's transaction (FOR UPDATE) and answers its own cap on
   * live partners: binds of one account queue behind each other there, binds of different accounts
   * never meet. undefined: no such account.
   */
  async lockForBinding(tx: EntityManager, accountId: string): Promise<{ maxLivePartners: number | null } | undefined> {
    const [row] = (await tx.query('SELECT max_live_partners FROM accounts WHERE id = ? FOR UPDATE', [accountId])) as Array<{ max_live_partners: number | null }>;
    return row ? { maxLivePartners: row.max_live_partners } : undefined;
  }

  async getAccounts(accountIds: string[]): Promise<Map<string, AccountView>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.accounts.findBy({ id: In([...new Set(accountIds)]) });
    return new Map(rows.map((row) => [row.id, toAccountView(row)]));
  }

  async createUser(accountId: string, input: { email: string; name: string; role: SellerRole; externalSubject?: string }): Promise<SellerUserView> {
    if (!(await this.accounts.existsBy({ id: accountId }))) throw new NotFoundError('Account');
    const now = new Date();
    const user = this.users.create({
      id: newId(),
      accountId,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      active: true,
      externalSubject: input.externalSubject ?? null,
      tokensValidAfter: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.users.insert(user);
    } catch (error) {
      throw takenError(error);
    }
    return toUserView(user);
  }

  /** Deactivating revokes every token issued until now (reactivating does not bring them back). */
  async updateUser(accountId: string, userId: string, changes: { role?: SellerRole; active?: boolean; externalSubject?: string | null }): Promise<SellerUserView> {
    const user = await this.users.findOneBy({ id: userId, accountId });
    if (!user) throw new NotFoundError('User');
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.active !== undefined) user.active = changes.active;
    if (changes.externalSubject !== undefined) user.externalSubject = changes.externalSubject;
    user.updatedAt = new Date();
    try {
      await this.users.update(
        { id: user.id },
        // The database's clock, the one token issue times are compared with (see TokenService).
        { role: user.role, active: user.active, externalSubject: user.externalSubject, updatedAt: user.updatedAt, ...(changes.active === false && { tokensValidAfter: () => 'NOW(3)' }) },
      );
    } catch (error) {
      throw takenError(error);
    }
    return toUserView(user);
  }

  /** The live row: role, active flag and token cut-off as they are now (authorisation reads this on every request). */
  async findUser(userId: string): Promise<SellerUserRecord | null> {
    // Plain SQL: this runs on every seller request (the guard reads the role live).
    const [row] = await this.sql.select<SellerUserRow>(`SELECT ${USER_COLUMNS} FROM seller_users WHERE id = ? LIMIT 1`, [userId]);
    return row ? rowToRecord(row) : null;
  }

  /** The user the identity provider's subject is mapped to (authorisation of its tokens). */
  async findUserByExternalSubject(subject: string): Promise<SellerUserRecord | null> {
    const [row] = await this.sql.select<SellerUserRow>(`SELECT ${USER_COLUMNS} FROM seller_users WHERE external_subject = ? LIMIT 1`, [subject]);
    return row ? rowToRecord(row) : null;
  }

  /** Seller users of every account by e-mail, after `after` (the operator's user list, e.g. the cabinet's demo picker). */
  async listUsersAfter(after: { email: string; id: string } | null, limit: number): Promise<SellerUserView[]> {
    const builder = this.users.createQueryBuilder('u');
    if (after) builder.where('(u.email > :email OR (u.email = :email AND u.id > :id))', after);
    const rows = await builder.orderBy('u.email', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).getMany();
    return rows.map(toUserView);
  }

  /** Active administrators of an account (who get e-mailed seller notices). */
  async administrators(accountId: string): Promise<SellerUserView[]> {
    const rows = await this.users.findBy({ accountId, role: 'admin', active: true });
    return rows.map(toUserView);
  }
}
