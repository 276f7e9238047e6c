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
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService } from "../../../../libs/accounts/src/index.js";
import { CurrentPrincipal, For } from "../../../../libs/auth/src/index.js";
import { BindingsService } from "../../../../libs/bindings/src/index.js";
import { NotFoundError } from "../../../../libs/common/src/index.js";
import { NotificationsService } from "../../../../libs/notifications/src/index.js";
import { PartnersService } from "../../../../libs/partners/src/index.js";
import { EmptyBody } from '../common/dto.js';
import { DeclineBody, DeliveryListQuery, RequestListQuery, WebhookBody } from './partner.dto.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { BindingDoc, DeliveryDoc, DeliveryPageDoc, PartnerRequestPageDoc, SecretDoc, WebhookDoc } from '../docs/resources.doc.js';
/** The partner's side: requests addressed to it, its notice endpoint and delivery log. */
let PartnerController = class PartnerController {
    bindings;
    accounts;
    partners;
    notifications;
    constructor(bindings, accounts, partners, notifications) {
        this.bindings = bindings;
        this.accounts = accounts;
        this.partners = partners;
        this.notifications = notifications;
    }
    async requests(partner, query) {
        const page = await this.bindings.listForPartner(partner.partnerId, query.status, query.limit, query.cursor);
        const accounts = await this.accounts.getAccounts(page.items.map((b) => b.accountId));
        return {
            items: page.items.map((binding) => {
                const account = accounts.get(binding.accountId);
                return { ...binding, account: { id: binding.accountId, name: account?.name ?? '' } };
            }),
            nextCursor: page.nextCursor,
        };
    }
    confirm(partner, bindingId, _body) {
        return this.bindings.confirm(partner.partnerId, bindingId, partner.userId);
    }
    decline(partner, bindingId, body) {
        const reason = body.reason?.trim();
        return this.bindings.decline(partner.partnerId, bindingId, partner.userId, reason ? reason : null);
    }
    async webhook(partner) {
        const found = await this.partners.getPartner(partner.partnerId);
        if (!found)
            throw new NotFoundError('Partner');
        return { url: found.webhookUrl };
    }
    setWebhook(partner, body) {
        return this.partners.setWebhookUrl(partner.partnerId, body.url);
    }
    rotateSecret(partner, _body) {
        return this.partners.rotateWebhookSecret(partner.partnerId);
    }
    deliveries(partner, query) {
        return this.notifications.listDeliveries(partner.partnerId, query.status, query.limit, query.cursor);
    }
    redeliver(partner, deliveryId, _body) {
        return this.notifications.requestRedelivery(partner.partnerId, deliveryId);
    }
};
__decorate([
    ApiOperation({ summary: 'Binding requests addressed to my partner, newest first' }),
    ApiOkResponse({ type: PartnerRequestPageDoc }),
    ApiProblems(400, 401, 403),
    Get('requests'),
    __param(0, CurrentPrincipal()),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, RequestListQuery]),
    __metadata("design:returntype", Promise)
], PartnerController.prototype, "requests", null);
__decorate([
    ApiOperation({ summary: 'Confirm a pending request' }),
    ApiOkResponse({ type: BindingDoc, description: 'Active (also when it already was)' }),
    ApiProblems(400, 401, 403, 404, 409, 413, 415),
    Post('requests/:bindingId/confirm'),
    HttpCode(200),
    __param(0, CurrentPrincipal()),
    __param(1, Param('bindingId')),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, String, EmptyBody]),
    __metadata("design:returntype", void 0)
], PartnerController.prototype, "confirm", null);
__decorate([
    ApiOperation({ summary: 'Decline a pending request, with an optional reason' }),
    ApiOkResponse({ type: BindingDoc }),
    ApiProblems(400, 401, 403, 404, 409, 413, 415),
    Post('requests/:bindingId/decline'),
    HttpCode(200),
    __param(0, CurrentPrincipal()),
    __param(1, Param('bindingId')),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, String, DeclineBody]),
    __metadata("design:returntype", void 0)
], PartnerController.prototype, "decline", null);
__decorate([
    ApiOperation({ summary: 'My notice endpoint' }),
    ApiOkResponse({ type: WebhookDoc }),
    ApiProblems(401, 403),
    Get('webhook'),
    __param(0, CurrentPrincipal()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], PartnerController.prototype, "webhook", null);
__decorate([
    ApiOperation({ summary: 'Set my notice endpoint (https; http to loopback only when allowed)' }),
    ApiOkResponse({ type: WebhookDoc }),
    ApiProblems(400, 401, 403, 413, 415),
    Put('webhook'),
    __param(0, CurrentPrincipal()),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, WebhookBody]),
    __metadata("design:returntype", void 0)
], PartnerController.prototype, "setWebhook", null);
__decorate([
    ApiOperation({ summary: 'Rotate the webhook signing secret; the new one is shown this once' }),
    ApiOkResponse({ type: SecretDoc }),
    ApiProblems(400, 401, 403, 413, 415),
    Post('webhook/rotate-secret'),
    HttpCode(200),
    __param(0, CurrentPrincipal()),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, EmptyBody]),
    __metadata("design:returntype", void 0)
], PartnerController.prototype, "rotateSecret", null);
__decorate([
    ApiOperation({ summary: 'Delivery log of my webhooks, newest first' }),
    ApiOkResponse({ type: DeliveryPageDoc }),
    ApiProblems(400, 401, 403),
    Get('deliveries'),
    __param(0, CurrentPrincipal()),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, DeliveryListQuery]),
    __metadata("design:returntype", void 0)
], PartnerController.prototype, "deliveries", null);
__decorate([
    ApiOperation({ summary: 'Send the same event (same eventId) again' }),
    ApiAcceptedResponse({ type: DeliveryDoc }),
    ApiProblems(400, 401, 403, 404, 413, 415),
    Post('deliveries/:deliveryId/redeliver'),
    HttpCode(202),
    __param(0, CurrentPrincipal()),
    __param(1, Param('deliveryId')),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, String, EmptyBody]),
    __metadata("design:returntype", void 0)
], PartnerController.prototype, "redeliver", null);
PartnerController = __decorate([
    ApiTags('partner'),
    ApiBearerAuth('user'),
    For('partner'),
    Controller('v1/partner'),
    __param(0, Inject(BindingsService)),
    __param(1, Inject(AccountsService)),
    __param(2, Inject(PartnersService)),
    __param(3, Inject(NotificationsService)),
    __metadata("design:paramtypes", [BindingsService,
        AccountsService,
        PartnersService,
        NotificationsService])
], PartnerController);
export { PartnerController };
//# sourceMappingURL=partner.controller.js.map