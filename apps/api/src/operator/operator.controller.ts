import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AccountsService } from '@app/accounts';
import { For, TokenService, UserDirectory } from '@app/auth';
import { AccessCheckService } from '@app/bindings';
import { ACCESS_SCOPES, PartnersService } from '@app/partners';
import { CompiledResponse } from '../docs/compiled-responses.js';
import { ApiProblems } from '../docs/problem.doc.js';
import {
  AccessDecisionDoc,
  AccountDoc,
  CreatedPartnerDoc,
  OperatorUserPageDoc,
  PartnerDoc,
  PartnerUserDoc,
  SellerUserDoc,
  TokenDoc,
} from '../docs/resources.doc.js';
import { parseAccessQuery } from './access-query.js';
import {
  CreateAccountBody,
  CreatePartnerBody,
  CreatePartnerUserBody,
  CreateSellerUserBody,
  MintTokenBody,
  UpdateAccountBody,
  OperatorUserListQuery,
  UpdatePartnerBody,
  UpdatePartnerUserBody,
  UpdateSellerUserBody,
} from './operator.dto.js';

/** The marketplace back office: provisioning and token minting (operator token only). */
@ApiTags('operator')
@For('operator')
@Controller('v1/operator')
export class OperatorController {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(AccessCheckService) private readonly accessChecks: AccessCheckService,
  ) {}

  @ApiOperation({
    summary: 'Access check for the API gateway: may this partner act on this seller account with this scope, now?',
    description:
      'One read of the live binding, never cached: a cancel, termination, narrowing or end shows in the very next check. An unknown account or partner is allowed: false, never 404.',
  })
  @ApiOkResponse({ type: AccessDecisionDoc })
  @CompiledResponse()
  @ApiProblems('VALIDATION_FAILED')
  // Listed last to first: decorators apply bottom-up, and the document keeps accountId, partnerId, scope.
  @ApiQuery({ name: 'scope', required: true, enum: ACCESS_SCOPES, enumName: 'AccessScope', description: 'What the call needs.' })
  @ApiQuery({ name: 'partnerId', required: true, type: String, format: 'uuid', description: 'The partner making the call.' })
  @ApiQuery({ name: 'accountId', required: true, type: String, format: 'uuid', description: 'The seller account the partner acts on.' })
  @Get('access')
  access(@Req() request: { query: Record<string, unknown> | undefined }) {
    // The query read from the request, not through @Query(): no pipe runs on it (no class-validator, no per-request
    // promise) on this hot path; parseAccessQuery applies the same rules as the DTOs.
    const { accountId, partnerId, scope } = parseAccessQuery(request.query);
    return this.accessChecks.check(accountId, partnerId, scope);
  }

  @ApiOperation({ summary: 'Create a seller account' })
  @ApiCreatedResponse({ type: AccountDoc })
  @Post('accounts')
  createAccount(@Body() body: CreateAccountBody) {
    return this.accounts.createAccount(body.name.trim());
  }

  @ApiOperation({ summary: 'Close (active: false) or reopen a seller account; closing cancels its live bindings in the background' })
  @ApiOkResponse({ type: AccountDoc })
  @ApiProblems('NOT_FOUND')
  @Patch('accounts/:accountId')
  updateAccount(@Param('accountId') accountId: string, @Body() body: UpdateAccountBody) {
    return this.accounts.updateAccount(accountId, body);
  }

  @ApiOperation({ summary: 'Add a user with a role to a seller account' })
  @ApiCreatedResponse({ type: SellerUserDoc })
  @ApiProblems('NOT_FOUND', 'EMAIL_TAKEN', 'EXTERNAL_SUBJECT_TAKEN')
  @Post('accounts/:accountId/users')
  createSellerUser(@Param('accountId') accountId: string, @Body() body: CreateSellerUserBody) {
    return this.accounts.createUser(accountId, {
      email: body.email,
      name: body.name.trim(),
      role: body.role,
      ...(body.externalSubject !== undefined && { externalSubject: body.externalSubject }),
    });
  }

  @ApiOperation({ summary: 'Change a seller user’s role or deactivate them (takes effect on their next request)' })
  @ApiOkResponse({ type: SellerUserDoc })
  @ApiProblems('NOT_FOUND', 'EXTERNAL_SUBJECT_TAKEN')
  @Patch('accounts/:accountId/users/:userId')
  updateSellerUser(@Param('accountId') accountId: string, @Param('userId') userId: string, @Body() body: UpdateSellerUserBody) {
    return this.accounts.updateUser(accountId, userId, body);
  }

  @ApiOperation({ summary: 'Register a partner; the webhook secret is shown this once' })
  @ApiCreatedResponse({ type: CreatedPartnerDoc })
  @Post('partners')
  createPartner(@Body() body: CreatePartnerBody) {
    return this.partners.createPartner({ ...body, name: body.name.trim() });
  }

  @ApiOperation({ summary: 'Change a partner; a decertified partner leaves the catalogue (its live bindings stay)' })
  @ApiOkResponse({ type: PartnerDoc })
  @ApiProblems('NOT_FOUND')
  @Patch('partners/:partnerId')
  updatePartner(@Param('partnerId') partnerId: string, @Body() body: UpdatePartnerBody) {
    return this.partners.updatePartner(partnerId, { ...body, ...(body.name !== undefined ? { name: body.name.trim() } : {}) });
  }

  @ApiOperation({ summary: 'Add a user to a partner' })
  @ApiCreatedResponse({ type: PartnerUserDoc })
  @ApiProblems('NOT_FOUND', 'EMAIL_TAKEN', 'EXTERNAL_SUBJECT_TAKEN')
  @Post('partners/:partnerId/users')
  createPartnerUser(@Param('partnerId') partnerId: string, @Body() body: CreatePartnerUserBody) {
    return this.partners.createUser(partnerId, {
      email: body.email,
      name: body.name.trim(),
      ...(body.externalSubject !== undefined && { externalSubject: body.externalSubject }),
    });
  }

  @ApiOperation({ summary: 'Deactivate or reactivate a partner user, or set their identity-provider subject' })
  @ApiOkResponse({ type: PartnerUserDoc })
  @ApiProblems('NOT_FOUND', 'EXTERNAL_SUBJECT_TAKEN')
  @Patch('partners/:partnerId/users/:userId')
  updatePartnerUser(@Param('partnerId') partnerId: string, @Param('userId') userId: string, @Body() body: UpdatePartnerUserBody) {
    return this.partners.updateUser(partnerId, userId, body);
  }

  @ApiOperation({ summary: 'List seller and partner users (to mint tokens for them)' })
  @ApiOkResponse({ type: OperatorUserPageDoc })
  @Get('users')
  listUsers(@Query() query: OperatorUserListQuery) {
    return this.users.list(query.kind, query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Mint an access token for an active user' })
  @ApiCreatedResponse({ type: TokenDoc })
  @ApiProblems('NOT_FOUND', 'USER_INACTIVE')
  @Post('tokens')
  @HttpCode(201)
  mintToken(@Body() body: MintTokenBody) {
    return this.tokens.mint(body.userId, body.ttlSeconds ?? 3600);
  }
}
