import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, For, RequirePermission, type SellerPrincipal } from '@app/auth';
import { BindingTermsService, BindingsService, HelpfulContactsService } from '@app/bindings';
import { NotificationsService } from '@app/notifications';
import { EmptyBody, PageQuery } from '../common/dto.js';
import { BindingListQuery, CreateBindingBody, ExtendBindingBody, NarrowScopesBody } from './bindings.dto.js';
import { IdempotencyKey } from './idempotency-key.pipe.js';
import { CompiledResponse } from '../docs/compiled-responses.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { BindingDetailDoc, BindingDoc, BindingPageDoc, HelpfulContactsDoc, NoticeDoc, NoticePageDoc } from '../docs/resources.doc.js';

/** A seller account's bindings, Helpful Contacts and notices. The guard checks :accountId is the caller's. */
@ApiTags('bindings')
@For('seller')
@Controller('v1/accounts/:accountId')
export class BindingsController {
  constructor(
    @Inject(BindingsService) private readonly bindings: BindingsService,
    @Inject(BindingTermsService) private readonly terms: BindingTermsService,
    @Inject(HelpfulContactsService) private readonly helpfulContactsOf: HelpfulContactsService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
  ) {}

  @ApiOperation({ summary: '"Turn On": request a binding (admin); the partner is told by a signed webhook' })
  @ApiAcceptedResponse({ type: BindingDoc, description: 'Pending; a replay with the same Idempotency-Key and body returns the first answer' })
  @ApiProblems('PARTNER_NOT_BINDABLE', 'BINDING_EXISTS', 'PARTNER_LIMIT_REACHED', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED')
  @CompiledResponse()
  @Post('bindings')
  @HttpCode(202)
  @RequirePermission('bindings:manage')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 255 },
    description: 'Optional. Scoped to the user and kept 24 h: a replay with the same key and body returns the first successful answer again.',
  })
  request(
    @CurrentPrincipal() seller: SellerPrincipal,
    @Param('accountId') accountId: string,
    @Body() body: CreateBindingBody,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.bindings.requestBinding({
      accountId,
      partnerId: body.partnerId,
      scopes: body.scopes,
      endsAt: body.endsAt ?? null,
      requestedBy: seller.userId,
      idempotencyKey,
    });
  }

  @ApiOperation({ summary: 'The account’s bindings, newest first' })
  @ApiOkResponse({ type: BindingPageDoc })
  @CompiledResponse()
  @Get('bindings')
  list(@Param('accountId') accountId: string, @Query() query: BindingListQuery) {
    return this.bindings.listForAccount(accountId, query.status, query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'One binding with its audit trail' })
  @ApiOkResponse({ type: BindingDetailDoc })
  @Get('bindings/:bindingId')
  one(@Param('accountId') accountId: string, @Param('bindingId') bindingId: string) {
    return this.bindings.getForAccount(accountId, bindingId);
  }

  @ApiOperation({ summary: 'Cancel a pending or active binding (admin); the partner is told' })
  @ApiOkResponse({ type: BindingDoc, description: 'Cancelled (also when it already was)' })
  @ApiProblems('INVALID_STATE')
  @Post('bindings/:bindingId/cancel')
  @HttpCode(200)
  @RequirePermission('bindings:manage')
  cancel(@CurrentPrincipal() seller: SellerPrincipal, @Param('accountId') accountId: string, @Param('bindingId') bindingId: string, @Body() _body: EmptyBody) {
    return this.bindings.cancel(accountId, bindingId, seller.userId);
  }

  @ApiOperation({ summary: 'Narrow what a pending or active binding grants (admin); the partner is told' })
  @ApiOkResponse({ type: BindingDoc, description: 'The binding with the narrowed scopes (unchanged, and no event, when they already were)' })
  @ApiProblems('INVALID_STATE')
  @Patch('bindings/:bindingId')
  @RequirePermission('bindings:manage')
  narrow(
    @CurrentPrincipal() seller: SellerPrincipal,
    @Param('accountId') accountId: string,
    @Param('bindingId') bindingId: string,
    @Body() body: NarrowScopesBody,
  ) {
    return this.bindings.narrowScopes(accountId, bindingId, body.scopes, seller.userId);
  }

  @ApiOperation({ summary: 'Extend an active binding’s fixed term, or make it open-ended (admin); both sides are told' })
  @ApiOkResponse({ type: BindingDoc, description: 'The binding with its new endsAt (unchanged when it already was open-ended and null was asked)' })
  @ApiProblems('INVALID_STATE')
  @Post('bindings/:bindingId/extend')
  @HttpCode(200)
  @RequirePermission('bindings:manage')
  extend(
    @CurrentPrincipal() seller: SellerPrincipal,
    @Param('accountId') accountId: string,
    @Param('bindingId') bindingId: string,
    @Body() body: ExtendBindingBody,
  ) {
    return this.terms.extend(accountId, bindingId, body.endsAt, seller.userId);
  }

  @ApiOperation({ summary: 'Helpful Contacts: partners with an active binding' })
  @ApiOkResponse({ type: HelpfulContactsDoc })
  @CompiledResponse()
  @Get('helpful-contacts')
  helpfulContacts(@Param('accountId') accountId: string) {
    return this.helpfulContactsOf.list(accountId);
  }

  @ApiOperation({ summary: 'In-app notices for every transition, newest first' })
  @ApiOkResponse({ type: NoticePageDoc })
  @Get('notifications')
  notices(@Param('accountId') accountId: string, @Query() query: PageQuery) {
    return this.notifications.listSellerNotices(accountId, query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Mark a notice as read' })
  @ApiOkResponse({ type: NoticeDoc })
  @Post('notifications/:notificationId/read')
  @HttpCode(200)
  markRead(@Param('accountId') accountId: string, @Param('notificationId') notificationId: string, @Body() _body: EmptyBody) {
    return this.notifications.markSellerNoticeRead(accountId, notificationId);
  }
}
