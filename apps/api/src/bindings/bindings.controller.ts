import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, For, RequirePermission, type SellerPrincipal } from '@app/auth';
import { BindingsService } from '@app/bindings';
import { ValidationFailedError } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { PartnersService } from '@app/partners';
import { EmptyBody, PageQuery } from '../common/dto.js';
import { BindingListQuery, CreateBindingBody } from './bindings.dto.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { BindingDetailDoc, BindingDoc, BindingPageDoc, HelpfulContactsDoc, NoticeDoc, NoticePageDoc } from '../docs/resources.doc.js';

/** A seller account's bindings, Helpful Contacts and notices. The guard checks :accountId is the caller's. */
@ApiTags('bindings')
@For('seller')
@Controller('v1/accounts/:accountId')
export class BindingsController {
  constructor(
    @Inject(BindingsService) private readonly bindings: BindingsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
  ) {}

  @ApiOperation({ summary: '"Turn On": request a binding (admin); the partner is told by a signed webhook' })
  @ApiAcceptedResponse({ type: BindingDoc, description: 'Pending; a replay with the same Idempotency-Key and body returns the first answer' })
  @ApiProblems('PARTNER_NOT_BINDABLE', 'BINDING_EXISTS', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED')
  @Post('bindings')
  @HttpCode(202)
  @RequirePermission('bindings:manage')
  @ApiHeader({ name: 'Idempotency-Key', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 }, description: 'Optional. Scoped to the user and kept 24 h: a replay with the same key and body returns the first successful answer again.' })
  request(
    @CurrentPrincipal() seller: SellerPrincipal,
    @Param('accountId') accountId: string,
    @Body() body: CreateBindingBody,
    @Headers('Idempotency-Key') idempotencyKey?: string,
  ) {
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
      throw new ValidationFailedError('The Idempotency-Key header must be 1 to 255 characters.', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]);
    }
    return this.bindings.requestBinding({ accountId, partnerId: body.partnerId, requestedBy: seller.userId, idempotencyKey });
  }

  @ApiOperation({ summary: 'The account’s bindings, newest first' })
  @ApiOkResponse({ type: BindingPageDoc })
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

  @ApiOperation({ summary: 'Helpful Contacts: partners with an active binding' })
  @ApiOkResponse({ type: HelpfulContactsDoc })
  @Get('helpful-contacts')
  async helpfulContacts(@Param('accountId') accountId: string) {
    const active = await this.bindings.activeBindings(accountId);
    const partners = await this.partners.getMany(active.map((b) => b.partnerId));
    return {
      items: active.flatMap((binding) => {
        const partner = partners.get(binding.partnerId);
        if (!partner) return [];
        const { id, name, description, contacts, services } = partner;
        return [{ bindingId: binding.id, since: binding.respondedAt ?? binding.requestedAt, partner: { id, name, description, contacts, services } }];
      }),
    };
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
