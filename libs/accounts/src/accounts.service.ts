import { Inject, Injectable } from '@nestjs/common';
import { DomainError, NotFoundError, newId } from '@app/common';
import { UnitOfWork, isDuplicateKey, isDuplicateKeyOn } from '@app/database';
import { JobName, outboxJob } from '@app/queue';
import { AccountsRepository, userView, type AccountView, type SellerUserRecord, type SellerUserView } from './accounts.repository.js';
import type { SellerRole } from './seller-role.js';

export type { AccountView, SellerUserRecord, SellerUserView } from './accounts.repository.js';

const takenError = (error: unknown): unknown => {
  if (isDuplicateKeyOn(error, 'uq_seller_users_external_subject'))
    return new DomainError('EXTERNAL_SUBJECT_TAKEN', 'Another user already has this external subject.');
  if (isDuplicateKey(error)) return new DomainError('EMAIL_TAKEN', 'A user with this e-mail already exists.');
  return error;
};

/** Seller accounts and their users. Other modules use this service, never the tables (AccountsRepository owns them). */
@Injectable()
export class AccountsService {
  constructor(
    @Inject(AccountsRepository) private readonly repository: AccountsRepository,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {}

  async createAccount(name: string): Promise<AccountView> {
    const account = { id: newId(), name, createdAt: new Date() };
    await this.repository.insertAccount(account);
    return { id: account.id, name: account.name, createdAt: account.createdAt.toISOString(), active: true, maxLivePartners: null };
  }

  getAccount(accountId: string): Promise<AccountView | null> {
    return this.repository.findAccount(accountId);
  }

  /**
   * Closes (active: false) or reopens an account. Closing is one conditional UPDATE and, in the same
   * transaction, the outbox row of the job that cancels its live bindings (so a repeat queues nothing more).
   * From the commit on its users are refused (their row is read with the account's flag).
   */
  async updateAccount(accountId: string, changes: { active?: boolean; maxLivePartners?: number | null }): Promise<AccountView> {
    // The account's own cap on live partners (docs/API.md#live-limit); null falls back to the global setting.
    if (changes.maxLivePartners !== undefined && !(await this.repository.setMaxLivePartners(accountId, changes.maxLivePartners)))
      throw new NotFoundError('Account');
    const active = changes.active;
    if (active !== undefined) {
      const found = await this.unitOfWork.run(async (tx, outbox) => {
        const { changed, exists } = await this.repository.setAccountActive(tx, accountId, active);
        if (changed && !active) await outbox([outboxJob(JobName.CloseAccountBindings, { accountId, after: null })]);
        return exists;
      });
      if (!found) throw new NotFoundError('Account');
    }
    const account = await this.getAccount(accountId);
    if (!account) throw new NotFoundError('Account');
    return account;
  }

  async getAccounts(accountIds: string[]): Promise<Map<string, AccountView>> {
    const accounts = await this.repository.findAccounts([...new Set(accountIds)]);
    return new Map(accounts.map((account) => [account.id, account]));
  }

  async createUser(accountId: string, input: { email: string; name: string; role: SellerRole; externalSubject?: string }): Promise<SellerUserView> {
    if (!(await this.repository.findAccount(accountId))) throw new NotFoundError('Account');
    const user: SellerUserView = {
      id: newId(),
      accountId,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      active: true,
      externalSubject: input.externalSubject ?? null,
    };
    try {
      await this.repository.insertUser({ ...user, at: new Date() });
    } catch (error) {
      throw takenError(error);
    }
    return user;
  }

  /** Deactivating revokes every token issued until now (reactivating does not bring them back). */
  async updateUser(
    accountId: string,
    userId: string,
    changes: { role?: SellerRole; active?: boolean; externalSubject?: string | null },
  ): Promise<SellerUserView> {
    const found = await this.repository.findUser(userId, accountId);
    if (!found) throw new NotFoundError('User');
    const user = userView(found);
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.active !== undefined) user.active = changes.active;
    if (changes.externalSubject !== undefined) user.externalSubject = changes.externalSubject;
    try {
      await this.repository.updateUser(user, changes.active === false);
    } catch (error) {
      throw takenError(error);
    }
    return user;
  }

  /** The live row: role, active flag and token cut-off as they are now (authorisation reads this on every request). */
  findUser(userId: string): Promise<SellerUserRecord | null> {
    return this.repository.findUser(userId);
  }

  /** The user the identity provider's subject is mapped to (authorisation of its tokens). */
  findUserByExternalSubject(subject: string): Promise<SellerUserRecord | null> {
    return this.repository.findUserByExternalSubject(subject);
  }

  /** Seller users of every account by e-mail, after `after` (the operator's user list, e.g. the cabinet's demo picker). */
  listUsersAfter(after: { email: string; id: string } | null, limit: number): Promise<SellerUserView[]> {
    return this.repository.listUsersAfter(after, limit);
  }

  /** Active administrators of an account (who get e-mailed seller notices). */
  administrators(accountId: string): Promise<SellerUserView[]> {
    return this.repository.administrators(accountId);
  }
}
