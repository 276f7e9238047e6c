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
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, For, RequirePermission } from "../../../../libs/auth/src/index.js";
import { BindingsService } from "../../../../libs/bindings/src/index.js";
import { ValidationFailedError } from "../../../../libs/common/src/index.js";
import { NotificationsService } from "../../../../libs/notifications/src/index.js";
import { PartnersService } from "../../../../libs/partners/src/index.js";
import { EmptyBody, PageQuery } from '../common/dto.js';
import { BindingListQuery, CreateBindingBody } from './bindings.dto.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { BindingDetailDoc, BindingDoc, BindingPageDoc, HelpfulContactsDoc, NoticeDoc, NoticePageDoc } from '../docs/resources.doc.js';
/** A seller account's bindings, Helpful Contacts and notices. The guard checks :accountId is the caller's. */
let BindingsController = class BindingsController {
    bindings;
    partners;
    notifications;
    constructor(bindings, partners, notifications) {
        this.bindings = bindings;
        this.partners = partners;
        this.notifications = notifications;
    }
    request(seller, accountId, body, idempotencyKey) {
        if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
            throw new ValidationFailedError('The Idempotency-Key header must be 1 to 255 characters.', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]);
        }
        return this.bindings.requestBinding({ accountId, partnerId: body.partnerId, requestedBy: seller.userId, idempotencyKey });
    }
    list(accountId, query) {
        return this.bindings.listForAccount(accountId, query.status, query.limit, query.cursor);
    }
    one(accountId, bindingId) {
        return this.bindings.getForAccount(accountId, bindingId);
    }
    cancel(seller, accountId, bindingId, _body) {
        return this.bindings.cancel(accountId, bindingId, seller.userId);
    }
    async helpfulContacts(accountId) {
        const active = await this.bindings.activeBindings(accountId);
        const partners = await this.partners.getMany(active.map((b) => b.partnerId));
        return {
            items: active.flatMap((binding) => {
                const partner = partners.get(binding.partnerId);
                if (!partner)
                    return [];
                const { id, name, description, contacts, services } = partner;
                return [{ bindingId: binding.id, since: binding.respondedAt ?? binding.requestedAt, partner: { id, name, description, contacts, services } }];
            }),
        };
    }
    notices(accountId, query) {
        return this.notifications.listSellerNotices(accountId, query.limit, query.cursor);
    }
    markRead(accountId, notificationId, _body) {
        return this.notifications.markSellerNoticeRead(accountId, notificationId);
    }
};
__decorate([
    ApiOperation({ summary: '"Turn On": request a binding (admin); the partner is told by a signed webhook' }),
    ApiAcceptedResponse({ type: BindingDoc, description: 'Pending; a replay with the same Idempotency-Key and body returns the first answer' }),
    ApiProblems(400, 401, 403, 404, 409, 413, 415, 422),
    Post('bindings'),
    HttpCode(202),
    RequirePermission('bindings:manage'),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Up to 255 characters; a replay returns the first answer (kept 24 h).' }),
    __param(0, CurrentPrincipal()),
    __param(1, Param('accountId')),
    __param(2, Body()),
    __param(3, Headers('idempotency-key')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, String, CreateBindingBody, String]),
    __metadata("design:returntype", void 0)
], BindingsController.prototype, "request", null);
__decorate([
    ApiOperation({ summary: 'The account’s bindings, newest first' }),
    ApiOkResponse({ type: BindingPageDoc }),
    ApiProblems(400, 401, 403, 404),
    Get('bindings'),
    __param(0, Param('accountId')),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, BindingListQuery]),
    __metadata("design:returntype", void 0)
], BindingsController.prototype, "list", null);
__decorate([
    ApiOperation({ summary: 'One binding with its audit trail' }),
    ApiOkResponse({ type: BindingDetailDoc }),
    ApiProblems(401, 403, 404),
    Get('bindings/:bindingId'),
    __param(0, Param('accountId')),
    __param(1, Param('bindingId')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String]),
    __metadata("design:returntype", void 0)
], BindingsController.prototype, "one", null);
__decorate([
    ApiOperation({ summary: 'Cancel a pending or active binding (admin); the partner is told' }),
    ApiOkResponse({ type: BindingDoc, description: 'Cancelled (also when it already was)' }),
    ApiProblems(400, 401, 403, 404, 409, 413, 415),
    Post('bindings/:bindingId/cancel'),
    HttpCode(200),
    RequirePermission('bindings:manage'),
    __param(0, CurrentPrincipal()),
    __param(1, Param('accountId')),
    __param(2, Param('bindingId')),
    __param(3, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, String, String, EmptyBody]),
    __metadata("design:returntype", void 0)
], BindingsController.prototype, "cancel", null);
__decorate([
    ApiOperation({ summary: 'Helpful Contacts: partners with an active binding' }),
    ApiOkResponse({ type: HelpfulContactsDoc }),
    ApiProblems(401, 403, 404),
    Get('helpful-contacts'),
    __param(0, Param('accountId')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Promise)
], BindingsController.prototype, "helpfulContacts", null);
__decorate([
    ApiOperation({ summary: 'In-app notices for every transition, newest first' }),
    ApiOkResponse({ type: NoticePageDoc }),
    ApiProblems(400, 401, 403, 404),
    Get('notifications'),
    __param(0, Param('accountId')),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, PageQuery]),
    __metadata("design:returntype", void 0)
], BindingsController.prototype, "notices", null);
__decorate([
    ApiOperation({ summary: 'Mark a notice as read' }),
    ApiOkResponse({ type: NoticeDoc }),
    ApiProblems(400, 401, 403, 404, 413, 415),
    Post('notifications/:notificationId/read'),
    HttpCode(200),
    __param(0, Param('accountId')),
    __param(1, Param('notificationId')),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, EmptyBody]),
    __metadata("design:returntype", void 0)
], BindingsController.prototype, "markRead", null);
BindingsController = __decorate([
    ApiTags('bindings'),
    ApiBearerAuth('user'),
    For('seller'),
    Controller('v1/accounts/:accountId'),
    __param(0, Inject(BindingsService)),
    __param(1, Inject(PartnersService)),
    __param(2, Inject(NotificationsService)),
    __metadata("design:paramtypes", [BindingsService,
        PartnersService,
        NotificationsService])
], BindingsController);
export { BindingsController };
//# sourceMappingURL=bindings.controller.js.map