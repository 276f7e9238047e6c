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
import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService } from "../../../../libs/accounts/src/index.js";
import { For, TokenService } from "../../../../libs/auth/src/index.js";
import { CursorCodec, ValidationFailedError } from "../../../../libs/common/src/index.js";
import { APP_CONFIG } from "../../../../libs/config/src/index.js";
import { PartnersService } from "../../../../libs/partners/src/index.js";
import { ApiProblems } from '../docs/problem.doc.js';
import { AccountDoc, CreatedPartnerDoc, PartnerDoc, PartnerUserDoc, SellerUserDoc, TokenDoc } from '../docs/resources.doc.js';
import { CreateAccountBody, CreatePartnerBody, CreatePartnerUserBody, CreateSellerUserBody, MintTokenBody, OperatorUserListQuery, UpdatePartnerBody, UpdatePartnerUserBody, UpdateSellerUserBody, } from './operator.dto.js';
/** The marketplace back office: provisioning and token minting (operator token only). */
let OperatorController = class OperatorController {
    accounts;
    partners;
    tokens;
    cursors;
    constructor(accounts, partners, tokens, config) {
        this.accounts = accounts;
        this.partners = partners;
        this.tokens = tokens;
        this.cursors = new CursorCodec(config.jwtSecret);
    }
    createAccount(body) {
        return this.accounts.createAccount(body.name.trim());
    }
    createSellerUser(accountId, body) {
        return this.accounts.createUser(accountId, { email: body.email, name: body.name.trim(), role: body.role });
    }
    updateSellerUser(accountId, userId, body) {
        return this.accounts.updateUser(accountId, userId, body);
    }
    createPartner(body) {
        return this.partners.createPartner({ ...body, name: body.name.trim() });
    }
    updatePartner(partnerId, body) {
        return this.partners.updatePartner(partnerId, { ...body, ...(body.name !== undefined ? { name: body.name.trim() } : {}) });
    }
    createPartnerUser(partnerId, body) {
        return this.partners.createUser(partnerId, { email: body.email, name: body.name.trim() });
    }
    updatePartnerUser(partnerId, userId, body) {
        return this.partners.setUserActive(partnerId, userId, body.active);
    }
    /**
     * Seller and partner users (sellers first, each by e-mail), with the account or partner they
     * belong to: what a back office (or the cabinet's development picker) needs to mint a token.
     */
    async listUsers(query) {
        const list = `operator-users:${query.kind ?? 'all'}`;
        const kinds = query.kind ? [query.kind] : ['seller', 'partner'];
        let position = null;
        if (query.cursor) {
            const [kind, email, id] = this.cursors.decode(list, query.cursor);
            if ((kind !== 'seller' && kind !== 'partner') || typeof email !== 'string' || typeof id !== 'string') {
                throw new ValidationFailedError('The cursor is not valid for this list.', [{ field: 'cursor', message: 'invalid cursor' }]);
            }
            position = { kind, email, id };
        }
        // One more than asked for tells whether there is a next page.
        const found = [];
        for (const kind of kinds) {
            if (position?.kind === 'partner' && kind === 'seller')
                continue;
            const wanted = query.limit + 1 - found.length;
            if (wanted <= 0)
                break;
            const after = position?.kind === kind ? { email: position.email, id: position.id } : null;
            if (kind === 'seller')
                found.push(...(await this.accounts.listUsersAfter(after, wanted)).map((user) => ({ kind, user })));
            else
                found.push(...(await this.partners.listUsersAfter(after, wanted)).map((user) => ({ kind, user })));
        }
        const page = found.slice(0, query.limit);
        const last = page.at(-1);
        const nextCursor = found.length > query.limit && last ? this.cursors.encode(list, [last.kind, last.user.email, last.user.id]) : null;
        const accounts = await this.accounts.getAccounts(page.flatMap((row) => (row.kind === 'seller' ? [row.user.accountId] : [])));
        const partners = await this.partners.getMany(page.flatMap((row) => (row.kind === 'partner' ? [row.user.partnerId] : [])));
        const items = page.map((row) => row.kind === 'seller'
            ? { ...row.user, kind: row.kind, account: { id: row.user.accountId, name: accounts.get(row.user.accountId)?.name ?? '' } }
            : { ...row.user, kind: row.kind, partner: { id: row.user.partnerId, name: partners.get(row.user.partnerId)?.name ?? '' } });
        return { items, nextCursor };
    }
    mintToken(body) {
        return this.tokens.mint(body.userId, body.ttlSeconds ?? 3600);
    }
};
__decorate([
    ApiOperation({ summary: 'Create a seller account' }),
    ApiCreatedResponse({ type: AccountDoc }),
    ApiProblems(400, 401, 413, 415),
    Post('accounts'),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [CreateAccountBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "createAccount", null);
__decorate([
    ApiOperation({ summary: 'Add a user with a role to a seller account' }),
    ApiCreatedResponse({ type: SellerUserDoc }),
    ApiProblems(400, 401, 404, 409, 413, 415),
    Post('accounts/:accountId/users'),
    __param(0, Param('accountId')),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, CreateSellerUserBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "createSellerUser", null);
__decorate([
    ApiOperation({ summary: 'Change a seller user’s role or deactivate them (takes effect on their next request)' }),
    ApiOkResponse({ type: SellerUserDoc }),
    ApiProblems(400, 401, 404, 413, 415),
    Patch('accounts/:accountId/users/:userId'),
    __param(0, Param('accountId')),
    __param(1, Param('userId')),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, UpdateSellerUserBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "updateSellerUser", null);
__decorate([
    ApiOperation({ summary: 'Register a partner; the webhook secret is shown this once' }),
    ApiCreatedResponse({ type: CreatedPartnerDoc }),
    ApiProblems(400, 401, 413, 415),
    Post('partners'),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [CreatePartnerBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "createPartner", null);
__decorate([
    ApiOperation({ summary: 'Change a partner; a decertified partner leaves the catalogue (its live bindings stay)' }),
    ApiOkResponse({ type: PartnerDoc }),
    ApiProblems(400, 401, 404, 413, 415),
    Patch('partners/:partnerId'),
    __param(0, Param('partnerId')),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, UpdatePartnerBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "updatePartner", null);
__decorate([
    ApiOperation({ summary: 'Add a user to a partner' }),
    ApiCreatedResponse({ type: PartnerUserDoc }),
    ApiProblems(400, 401, 404, 409, 413, 415),
    Post('partners/:partnerId/users'),
    __param(0, Param('partnerId')),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, CreatePartnerUserBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "createPartnerUser", null);
__decorate([
    ApiOperation({ summary: 'Deactivate or reactivate a partner user' }),
    ApiOkResponse({ type: PartnerUserDoc }),
    ApiProblems(400, 401, 404, 413, 415),
    Patch('partners/:partnerId/users/:userId'),
    __param(0, Param('partnerId')),
    __param(1, Param('userId')),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, UpdatePartnerUserBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "updatePartnerUser", null);
__decorate([
    ApiOperation({ summary: 'List seller and partner users (to mint tokens for them)' }),
    ApiProblems(400, 401),
    Get('users'),
    __param(0, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [OperatorUserListQuery]),
    __metadata("design:returntype", Promise)
], OperatorController.prototype, "listUsers", null);
__decorate([
    ApiOperation({ summary: 'Mint an access token for an active user' }),
    ApiCreatedResponse({ type: TokenDoc }),
    ApiProblems(400, 401, 404, 413, 415, 422),
    Post('tokens'),
    HttpCode(201),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [MintTokenBody]),
    __metadata("design:returntype", void 0)
], OperatorController.prototype, "mintToken", null);
OperatorController = __decorate([
    ApiTags('operator'),
    ApiBearerAuth('operator'),
    For('operator'),
    Controller('v1/operator'),
    __param(0, Inject(AccountsService)),
    __param(1, Inject(PartnersService)),
    __param(2, Inject(TokenService)),
    __param(3, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [AccountsService,
        PartnersService,
        TokenService, Object])
], OperatorController);
export { OperatorController };
//# sourceMappingURL=operator.controller.js.map