import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, type SellerUserView } from '@app/accounts';
import { For, TokenService } from '@app/auth';
import { CursorCodec, ValidationFailedError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnersService, type PartnerUserView } from '@app/partners';
import { ApiProblems } from '../docs/problem.doc.js';
import { AccountDoc, CreatedPartnerDoc, OperatorUserPageDoc, PartnerDoc, PartnerUserDoc, SellerUserDoc, TokenDoc } from '../docs/resources.doc.js';
import {
  CreateAccountBody,
  CreatePartnerBody,
  CreatePartnerUserBody,
  CreateSellerUserBody,
  MintTokenBody,
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
  private readonly cursors: CursorCodec;

  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.jwtSecret);
  }

  @ApiOperation({ summary: 'Create a seller account' })
  @ApiCreatedResponse({ type: AccountDoc })
  @Post('accounts')
  createAccount(@Body() body: CreateAccountBody) {
    return this.accounts.createAccount(body.name.trim());
  }

  @ApiOperation({ summary: 'Add a user with a role to a seller account' })
  @ApiCreatedResponse({ type: SellerUserDoc })
  @ApiProblems('NOT_FOUND', 'EMAIL_TAKEN', 'EXTERNAL_SUBJECT_TAKEN')
  @Post('accounts/:accountId/users')
  createSellerUser(@Param('accountId') accountId: string, @Body() body: CreateSellerUserBody) {
    return this.accounts.createUser(accountId, { email: body.email, name: body.name.trim(), role: body.role, ...(body.externalSubject !== undefined && { externalSubject: body.externalSubject }) });
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
    return this.partners.createUser(partnerId, { email: body.email, name: body.name.trim(), ...(body.externalSubject !== undefined && { externalSubject: body.externalSubject }) });
  }

  @ApiOperation({ summary: 'Deactivate or reactivate a partner user, or set their identity-provider subject' })
  @ApiOkResponse({ type: PartnerUserDoc })
  @ApiProblems('NOT_FOUND', 'EXTERNAL_SUBJECT_TAKEN')
  @Patch('partners/:partnerId/users/:userId')
  updatePartnerUser(@Param('partnerId') partnerId: string, @Param('userId') userId: string, @Body() body: UpdatePartnerUserBody) {
    return this.partners.updateUser(partnerId, userId, body);
  }

  /**
   * Seller and partner users (sellers first, each by e-mail), with the account or partner they
   * belong to: what a back office (or the cabinet's development picker) needs to mint a token.
   */
  @ApiOperation({ summary: 'List seller and partner users (to mint tokens for them)' })
  @ApiOkResponse({ type: OperatorUserPageDoc })
  @Get('users')
  async listUsers(@Query() query: OperatorUserListQuery) {
    const list = `operator-users:${query.kind ?? 'all'}`;
    const kinds = query.kind ? [query.kind] : (['seller', 'partner'] as const);
    let position: { kind: 'seller' | 'partner'; email: string; id: string } | null = null;
    if (query.cursor) {
      const [kind, email, id] = this.cursors.decode(list, query.cursor);
      if ((kind !== 'seller' && kind !== 'partner') || typeof email !== 'string' || typeof id !== 'string') {
        throw new ValidationFailedError('The cursor is not valid for this list.', [{ field: 'cursor', message: 'invalid cursor' }]);
      }
      position = { kind, email, id };
    }

    // One more than asked for tells whether there is a next page.
    const found: ({ kind: 'seller'; user: SellerUserView } | { kind: 'partner'; user: PartnerUserView })[] = [];
    for (const kind of kinds) {
      if (position?.kind === 'partner' && kind === 'seller') continue;
      const wanted = query.limit + 1 - found.length;
      if (wanted <= 0) break;
      const after = position?.kind === kind ? { email: position.email, id: position.id } : null;
      if (kind === 'seller') found.push(...(await this.accounts.listUsersAfter(after, wanted)).map((user) => ({ kind, user })));
      else found.push(...(await this.partners.listUsersAfter(after, wanted)).map((user) => ({ kind, user })));
    }
    const page = found.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = found.length > query.limit && last ? this.cursors.encode(list, [last.kind, last.user.email, last.user.id]) : null;

    const accounts = await this.accounts.getAccounts(page.flatMap((row) => (row.kind === 'seller' ? [row.user.accountId] : [])));
    const partners = await this.partners.getMany(page.flatMap((row) => (row.kind === 'partner' ? [row.user.partnerId] : [])));
    const items = page.map((row) =>
      row.kind === 'seller'
        ? { ...row.user, kind: row.kind, account: { id: row.user.accountId, name: accounts.get(row.user.accountId)?.name ?? '' } }
        : { ...row.user, kind: row.kind, partner: { id: row.user.partnerId, name: partners.get(row.user.partnerId)?.name ?? '' } },
    );
    return { items, nextCursor };
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
