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
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, For } from "../../../../libs/auth/src/index.js";
import { BindingsService } from "../../../../libs/bindings/src/index.js";
import { NotFoundError, isUuid } from "../../../../libs/common/src/index.js";
import { PartnersService } from "../../../../libs/partners/src/index.js";
import { CatalogueQuery } from './catalogue.dto.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { CatalogueItemDoc, CataloguePageDoc } from '../docs/resources.doc.js';
/** Useful Contacts: certified partners by name, each with the caller's live binding, if any. */
let CatalogueController = class CatalogueController {
    partners;
    bindings;
    constructor(partners, bindings) {
        this.partners = partners;
        this.bindings = bindings;
    }
    async search(seller, query) {
        const page = await this.partners.searchCatalogue(query.q, query.limit, query.cursor);
        return { items: await this.withBindings(seller.accountId, page.items), nextCursor: page.nextCursor };
    }
    async one(seller, partnerId) {
        const partner = isUuid(partnerId) ? await this.partners.getCertified(partnerId) : null;
        if (!partner)
            throw new NotFoundError('Partner');
        const [withBinding] = await this.withBindings(seller.accountId, [partner]);
        return withBinding;
    }
    async withBindings(accountId, partners) {
        const live = await this.bindings.liveBindings(accountId, partners.map((p) => p.id));
        return partners.map((partner) => ({ ...partner, binding: live.get(partner.id) ?? null }));
    }
};
__decorate([
    ApiOperation({ summary: 'Search certified partners by name (case-insensitive substring), by name' }),
    ApiOkResponse({ type: CataloguePageDoc }),
    ApiProblems(400, 401, 403),
    Get(),
    __param(0, CurrentPrincipal()),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, CatalogueQuery]),
    __metadata("design:returntype", Promise)
], CatalogueController.prototype, "search", null);
__decorate([
    ApiOperation({ summary: 'One certified partner with the caller’s live binding' }),
    ApiOkResponse({ type: CatalogueItemDoc }),
    ApiProblems(401, 403, 404),
    Get(':partnerId'),
    __param(0, CurrentPrincipal()),
    __param(1, Param('partnerId')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, String]),
    __metadata("design:returntype", Promise)
], CatalogueController.prototype, "one", null);
CatalogueController = __decorate([
    ApiTags('catalogue'),
    ApiBearerAuth('user'),
    For('seller'),
    Controller('v1/partners'),
    __param(0, Inject(PartnersService)),
    __param(1, Inject(BindingsService)),
    __metadata("design:paramtypes", [PartnersService,
        BindingsService])
], CatalogueController);
export { CatalogueController };
//# sourceMappingURL=catalogue.controller.js.map