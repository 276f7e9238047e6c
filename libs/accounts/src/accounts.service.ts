import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { DomainError, NotFoundError, newId } from '@app/common';
import { Sql, UnitOfWork, isDuplicateKey, isDuplicateKeyOn } from '@app/database';
import { JobName, outboxJob } from '@app/queue';
import { AccountEntity } from './account.entity.js';
import { SellerUserEntity } from './seller-user.entity.js';
import type { SellerRole } from './seller-role.js';

export interface AccountView {
  id: string;
  name: string;
  createdAt: string;
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

// A user of a closed account is as inactive as a deactivated user: the account's flag comes with the same read.
const USER_COLUMNS = 'u.id, u.account_id, u.email, u.name, u.role, u.active AND a.active AS active, u.external_subject, u.tokens_valid_after';
const USER_FROM = 'seller_users u JOIN accounts a ON a.id = u.account_id';

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

const toAccountView = (account: AccountEntity): AccountView => ({ id: account.id, name: account.name, createdAt: account.createdAt.toISOString(), active: Boolean(account.active) });
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
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {}

  async createAccount(name: string): Promise<AccountView> {
    const account = this.accounts.create({ id: newId(), name, createdAt: new Date(), active: true });
    await this.accounts.insert(account);
    return toAccountView(account);
  }

  async getAccount(accountId: string): Promise<AccountView | null> {
    const [row] = await this.sql.select<{ id: string; name: string; created_at: Date; active: number }>('SELECT id, name, created_at, active FROM accounts WHERE id = ? LIMIT 1', [accountId]);
    return row ? { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString(), active: Boolean(row.active) } : null;
  }

  /**
   * Closes (active: false) or reopens an account. Closing is one conditional UPDATE and, in the same
   * transaction, the outbox row of the job that cancels its live bindings (so a repeat queues nothing more).
   * From the commit on its users are refused (their row is read with the account's flag).
   */
  async updateAccount(accountId: string, changes: { active?: boolean }): Promise<AccountView> {
    if (changes.active !== undefined) {
      const active = changes.active;
      const found = await this.unitOfWork.run(async (tx, outbox) => {
        const result: { affectedRows: number } = await tx.query('UPDATE accounts SET active = ? WHERE id = ? AND active <> ?', [active, accountId, active]);
        if (result.affectedRows === 1 && !active) await outbox([outboxJob(JobName.CloseAccountBindings, { accountId, after: null })]);
        return result.affectedRows === 1 || (await tx.query('SELECT 1 FROM accounts WHERE id = ?', [accountId])).length > 0;
      });
      if (!found) throw new NotFoundError('Account');
    }
    const account = await this.getAccount(accountId);
    if (!account) throw new NotFoundError('Account');
    return account;
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
    const [row] = await this.sql.select<SellerUserRow>(`SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.id = ? LIMIT 1`, [userId]);
    return row ? rowToRecord(row) : null;
  }

  /** The user the identity provider's subject is mapped to (authorisation of its tokens). */
  async findUserByExternalSubject(subject: string): Promise<SellerUserRecord | null> {
    const [row] = await this.sql.select<SellerUserRow>(`SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.external_subject = ? LIMIT 1`, [subject]);
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
