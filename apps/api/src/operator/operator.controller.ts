import { Body, Controller, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AccountsService } from '@app/accounts';
import { For, TokenService } from '@app/auth';
import { PartnersService } from '@app/partners';
import {
  CreateAccountBody,
  CreatePartnerBody,
  CreatePartnerUserBody,
  CreateSellerUserBody,
  MintTokenBody,
  UpdatePartnerBody,
  UpdatePartnerUserBody,
  UpdateSellerUserBody,
} from './operator.dto.js';

/** The marketplace back office: provisioning and token minting (operator token only). */
@ApiTags('operator')
@ApiBearerAuth('operator')
@For('operator')
@Controller('v1/operator')
export class OperatorController {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  @Post('accounts')
  createAccount(@Body() body: CreateAccountBody) {
    return this.accounts.createAccount(body.name.trim());
  }

  @Post('accounts/:accountId/users')
  createSellerUser(@Param('accountId') accountId: string, @Body() body: CreateSellerUserBody) {
    return this.accounts.createUser(accountId, { email: body.email, name: body.name.trim(), role: body.role });
  }

  @Patch('accounts/:accountId/users/:userId')
  updateSellerUser(@Param('accountId') accountId: string, @Param('userId') userId: string, @Body() body: UpdateSellerUserBody) {
    return this.accounts.updateUser(accountId, userId, body);
  }

  @Post('partners')
  createPartner(@Body() body: CreatePartnerBody) {
    return this.partners.createPartner({ ...body, name: body.name.trim() });
  }

  @Patch('partners/:partnerId')
  updatePartner(@Param('partnerId') partnerId: string, @Body() body: UpdatePartnerBody) {
    return this.partners.updatePartner(partnerId, { ...body, ...(body.name !== undefined ? { name: body.name.trim() } : {}) });
  }

  @Post('partners/:partnerId/users')
  createPartnerUser(@Param('partnerId') partnerId: string, @Body() body: CreatePartnerUserBody) {
    return this.partners.createUser(partnerId, { email: body.email, name: body.name.trim() });
  }

  @Patch('partners/:partnerId/users/:userId')
  updatePartnerUser(@Param('partnerId') partnerId: string, @Param('userId') userId: string, @Body() body: UpdatePartnerUserBody) {
    return this.partners.setUserActive(partnerId, userId, body.active);
  }

  @Post('tokens')
  @HttpCode(201)
  mintToken(@Body() body: MintTokenBody) {
    return this.tokens.mint(body.userId, body.ttlSeconds ?? 3600);
  }
}
