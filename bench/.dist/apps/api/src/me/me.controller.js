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
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, permissionsOf } from "../../../../libs/accounts/src/index.js";
import { CurrentPrincipal, For } from "../../../../libs/auth/src/index.js";
import { PartnersService } from "../../../../libs/partners/src/index.js";
import { ApiProblems } from '../docs/problem.doc.js';
import { MeDoc } from '../docs/resources.doc.js';
const PARTNER_PERMISSIONS = ['requests:read', 'requests:answer', 'webhook:manage'];
/** "Who am I and what may I do": the first thing a seller checks (SPEC §1). */
let MeController = class MeController {
    accounts;
    partners;
    constructor(accounts, partners) {
        this.accounts = accounts;
        this.partners = partners;
    }
    async me(principal) {
        if (principal.kind === 'seller') {
            const account = await this.accounts.getAccount(principal.accountId);
            return {
                user: { id: principal.userId, email: principal.email, name: principal.name },
                kind: 'seller',
                account: { id: principal.accountId, name: account?.name ?? '' },
                role: principal.role,
                permissions: permissionsOf(principal.role),
            };
        }
        if (principal.kind === 'partner') {
            const partner = await this.partners.getPartner(principal.partnerId);
            return {
                user: { id: principal.userId, email: principal.email, name: principal.name },
                kind: 'partner',
                partner: { id: principal.partnerId, name: partner?.name ?? '' },
                permissions: PARTNER_PERMISSIONS,
            };
        }
        throw new Error('unreachable: the guard admits only users here');
    }
};
__decorate([
    ApiOperation({ summary: 'Who am I, my role and what it allows (check before binding)' }),
    ApiOkResponse({ type: MeDoc }),
    ApiProblems(401),
    Get(),
    __param(0, CurrentPrincipal()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], MeController.prototype, "me", null);
MeController = __decorate([
    ApiTags('me'),
    ApiBearerAuth('user'),
    For('user'),
    Controller('v1/me'),
    __param(0, Inject(AccountsService)),
    __param(1, Inject(PartnersService)),
    __metadata("design:paramtypes", [AccountsService,
        PartnersService])
], MeController);
export { MeController };
//# sourceMappingURL=me.controller.js.map