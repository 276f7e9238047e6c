var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { DomainError, NotFoundError, newId } from "../../common/src/index.js";
import { isDuplicateKey } from "../../database/src/index.js";
import { AccountEntity } from './account.entity.js';
import { SellerUserEntity } from './seller-user.entity.js';
const toAccountView = (account) => ({ id: account.id, name: account.name, createdAt: account.createdAt.toISOString() });
const toUserView = (user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    accountId: user.accountId,
    role: user.role,
    active: Boolean(user.active),
});
/** Seller accounts and their users. Other modules use this service, never the tables. */
let AccountsService = class AccountsService {
    accounts;
    users;
    constructor(accounts, users) {
        this.accounts = accounts;
        this.users = users;
    }
    async createAccount(name) {
        const account = this.accounts.create({ id: newId(), name, createdAt: new Date() });
        await this.accounts.insert(account);
        return toAccountView(account);
    }
    async getAccount(accountId) {
        const account = await this.accounts.findOneBy({ id: accountId });
        return account ? toAccountView(account) : null;
    }
    async getAccounts(accountIds) {
        if (accountIds.length === 0)
            return new Map();
        const rows = await this.accounts.findBy({ id: In([...new Set(accountIds)]) });
        return new Map(rows.map((row) => [row.id, toAccountView(row)]));
    }
    async createUser(accountId, input) {
        if (!(await this.accounts.existsBy({ id: accountId })))
            throw new NotFoundError('Account');
        const now = new Date();
        const user = this.users.create({ id: newId(), accountId, email: input.email.toLowerCase(), name: input.name, role: input.role, active: true, createdAt: now, updatedAt: now });
        try {
            await this.users.insert(user);
        }
        catch (error) {
            if (isDuplicateKey(error))
                throw new DomainError('EMAIL_TAKEN', 'A user with this e-mail already exists.');
            throw error;
        }
        return toUserView(user);
    }
    async updateUser(accountId, userId, changes) {
        const user = await this.users.findOneBy({ id: userId, accountId });
        if (!user)
            throw new NotFoundError('User');
        if (changes.role !== undefined)
            user.role = changes.role;
        if (changes.active !== undefined)
            user.active = changes.active;
        user.updatedAt = new Date();
        await this.users.update({ id: user.id }, { role: user.role, active: user.active, updatedAt: user.updatedAt });
        return toUserView(user);
    }
    /** The live row: role and active flag as they are now (authorisation reads this on every request). */
    async findUser(userId) {
        const user = await this.users.findOneBy({ id: userId });
        return user ? toUserView(user) : null;
    }
    /** Seller users of every account by e-mail, after `after` (the operator's user list, e.g. the cabinet's demo picker). */
    async listUsersAfter(after, limit) {
        const builder = this.users.createQueryBuilder('u');
        if (after)
            builder.where('(u.email > :email OR (u.email = :email AND u.id > :id))', after);
        const rows = await builder.orderBy('u.email', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).getMany();
        return rows.map(toUserView);
    }
    /** Active administrators of an account (who get e-mailed seller notices). */
    async administrators(accountId) {
        const rows = await this.users.findBy({ accountId, role: 'admin', active: true });
        return rows.map(toUserView);
    }
};
AccountsService = __decorate([
    Injectable(),
    __param(0, InjectRepository(AccountEntity)),
    __param(1, InjectRepository(SellerUserEntity)),
    __metadata("design:paramtypes", [Repository,
        Repository])
], AccountsService);
export { AccountsService };
//# sourceMappingURL=accounts.service.js.map