import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, permissionsOf } from '@app/accounts';
import { CurrentPrincipal, For, type Principal } from '@app/auth';
import { PARTNER_PERMISSIONS, PartnersService } from '@app/partners';
import { MeDoc } from '../docs/resources.doc.js';

/** "Who am I and what may I do": the first thing a seller checks (docs/API.md#product). */
@ApiTags('me')
@For('user')
@Controller('v1/me')
export class MeController {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
  ) {}

  @ApiOperation({ summary: 'Who am I, my role and what it allows (check before binding)' })
  @ApiOkResponse({ type: MeDoc })
  @Get()
  async me(@CurrentPrincipal() principal: Principal) {
    if (principal.kind === 'seller') {
      const account = await this.accounts.getAccount(principal.accountId);
      return {
        user: { id: principal.userId, email: principal.email, name: principal.name },
        kind: 'seller' as const,
        account: { id: principal.accountId, name: account?.name ?? '' },
        role: principal.role,
        permissions: permissionsOf(principal.role),
      };
    }
    if (principal.kind === 'partner') {
      const partner = await this.partners.getPartner(principal.partnerId);
      return {
        user: { id: principal.userId, email: principal.email, name: principal.name },
        kind: 'partner' as const,
        partner: { id: principal.partnerId, name: partner?.name ?? '' },
        permissions: [...PARTNER_PERMISSIONS],
      };
    }
    throw new Error('unreachable: the guard admits only users here');
  }
}
