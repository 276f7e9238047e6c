import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, For, type SellerPrincipal } from '@app/auth';
import { BindingsService } from '@app/bindings';
import { NotFoundError, isUuid } from '@app/common';
import { PartnersService, type CataloguePartner } from '@app/partners';
import { CatalogueQuery } from './catalogue.dto.js';

/** Useful Contacts: certified partners by name, each with the caller's live binding, if any. */
@ApiTags('catalogue')
@ApiBearerAuth('user')
@For('seller')
@Controller('v1/partners')
export class CatalogueController {
  constructor(
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(BindingsService) private readonly bindings: BindingsService,
  ) {}

  @Get()
  async search(@CurrentPrincipal() seller: SellerPrincipal, @Query() query: CatalogueQuery) {
    const page = await this.partners.searchCatalogue(query.q, query.limit, query.cursor);
    return { items: await this.withBindings(seller.accountId, page.items), nextCursor: page.nextCursor };
  }

  @Get(':partnerId')
  async one(@CurrentPrincipal() seller: SellerPrincipal, @Param('partnerId') partnerId: string) {
    const partner = isUuid(partnerId) ? await this.partners.getCertified(partnerId) : null;
    if (!partner) throw new NotFoundError('Partner');
    const [withBinding] = await this.withBindings(seller.accountId, [partner]);
    return withBinding;
  }

  private async withBindings(accountId: string, partners: CataloguePartner[]) {
    const live = await this.bindings.liveBindings(accountId, partners.map((p) => p.id));
    return partners.map((partner) => ({ ...partner, binding: live.get(partner.id) ?? null }));
  }
}
