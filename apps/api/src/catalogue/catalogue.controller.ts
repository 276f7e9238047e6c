import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, For, type SellerPrincipal } from '@app/auth';
import { BindingsService } from '@app/bindings';
import { NotFoundError, isUuid } from '@app/common';
import { PartnersService, type CataloguePartner } from '@app/partners';
import { CatalogueQuery } from './catalogue.dto.js';
import { CompiledResponse } from '../docs/compiled-responses.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { CatalogueItemDoc, CataloguePageDoc } from '../docs/resources.doc.js';

/** Useful Contacts: certified partners by name, each with the caller's live binding, if any. */
@ApiTags('catalogue')
@For('seller')
@Controller('v1/partners')
export class CatalogueController {
  constructor(
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(BindingsService) private readonly bindings: BindingsService,
  ) {}

  @ApiOperation({ summary: 'Search certified partners by name (case-insensitive substring), by name' })
  @ApiOkResponse({ type: CataloguePageDoc })
  @CompiledResponse()
  @Get()
  async search(@CurrentPrincipal() seller: SellerPrincipal, @Query() query: CatalogueQuery) {
    const page = await this.partners.searchCatalogue(query.q, query.limit, query.cursor);
    return { items: await this.withBindings(seller.accountId, page.items), nextCursor: page.nextCursor };
  }

  @ApiOperation({ summary: 'One certified partner with the caller’s live binding' })
  @ApiOkResponse({ type: CatalogueItemDoc })
  @CompiledResponse()
  @ApiProblems('NOT_FOUND')
  @Get(':partnerId')
  async one(@CurrentPrincipal() seller: SellerPrincipal, @Param('partnerId') partnerId: string) {
    const partner = isUuid(partnerId) ? await this.partners.getCertified(partnerId) : null;
    if (!partner) throw new NotFoundError('Partner');
    const [withBinding] = await this.withBindings(seller.accountId, [partner]);
    return withBinding;
  }

  private async withBindings(accountId: string, partners: CataloguePartner[]) {
    const live = await this.bindings.liveBindings(
      accountId,
      partners.map((p) => p.id),
    );
    return partners.map((partner) => ({ ...partner, binding: live.get(partner.id) ?? null }));
  }
}
