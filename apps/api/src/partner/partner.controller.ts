import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService } from '@app/accounts';
import { CurrentPrincipal, For, type PartnerPrincipal } from '@app/auth';
import { BindingTrailService, BindingsService } from '@app/bindings';
import { NotFoundError } from '@app/common';
import { WebhookDeliveries, partnerOwner } from '@app/notifications';
import { PartnersService } from '@app/partners';
import { EmptyBody } from '../common/dto.js';
import { DeclineBody, DeliveryListQuery, RequestListQuery, TerminateBody, WebhookBody } from './partner.dto.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { BindingDoc, DeliveryDoc, DeliveryPageDoc, PartnerRequestDetailDoc, PartnerRequestPageDoc, SecretDoc, WebhookDoc } from '../docs/resources.doc.js';

/** The partner's side: requests addressed to it, its notice endpoint and delivery log. */
@ApiTags('partner')
@For('partner')
@Controller('v1/partner')
export class PartnerController {
  constructor(
    @Inject(BindingsService) private readonly bindings: BindingsService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(BindingTrailService) private readonly trails: BindingTrailService,
    @Inject(WebhookDeliveries) private readonly webhookDeliveries: WebhookDeliveries,
  ) {}

  @ApiOperation({ summary: 'Binding requests addressed to my partner, newest first' })
  @ApiOkResponse({ type: PartnerRequestPageDoc })
  @Get('requests')
  async requests(@CurrentPrincipal() partner: PartnerPrincipal, @Query() query: RequestListQuery) {
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

  @ApiOperation({ summary: 'One request addressed to my partner, with the requesting account and its audit trail (oldest first)' })
  @ApiOkResponse({ type: PartnerRequestDetailDoc })
  @Get('requests/:bindingId')
  async request(@CurrentPrincipal() partner: PartnerPrincipal, @Param('bindingId') bindingId: string) {
    const binding = await this.trails.withTrail({ partnerId: partner.partnerId }, bindingId);
    const account = await this.accounts.getAccount(binding.accountId);
    return { ...binding, account: { id: binding.accountId, name: account?.name ?? '' } };
  }

  @ApiOperation({ summary: 'Confirm a pending request' })
  @ApiOkResponse({ type: BindingDoc, description: 'Active (also when it already was)' })
  @ApiProblems('INVALID_STATE')
  @Post('requests/:bindingId/confirm')
  @HttpCode(200)
  confirm(@CurrentPrincipal() partner: PartnerPrincipal, @Param('bindingId') bindingId: string, @Body() _body: EmptyBody) {
    return this.bindings.confirm(partner.partnerId, bindingId, partner.userId);
  }

  @ApiOperation({ summary: 'Decline a pending request, with an optional reason' })
  @ApiOkResponse({ type: BindingDoc })
  @ApiProblems('INVALID_STATE')
  @Post('requests/:bindingId/decline')
  @HttpCode(200)
  decline(@CurrentPrincipal() partner: PartnerPrincipal, @Param('bindingId') bindingId: string, @Body() body: DeclineBody) {
    const reason = body.reason?.trim();
    return this.bindings.decline(partner.partnerId, bindingId, partner.userId, reason ? reason : null);
  }

  @ApiOperation({ summary: 'End an active binding (partner exit), with an optional reason; the seller is told' })
  @ApiOkResponse({ type: BindingDoc, description: 'Terminated (also when it already was)' })
  @ApiProblems('INVALID_STATE')
  @Post('requests/:bindingId/terminate')
  @HttpCode(200)
  terminate(@CurrentPrincipal() partner: PartnerPrincipal, @Param('bindingId') bindingId: string, @Body() body: TerminateBody) {
    const reason = body.reason?.trim();
    return this.bindings.terminate(partner.partnerId, bindingId, partner.userId, reason ? reason : null);
  }

  @ApiOperation({ summary: 'My notice endpoint' })
  @ApiOkResponse({ type: WebhookDoc })
  @Get('webhook')
  async webhook(@CurrentPrincipal() partner: PartnerPrincipal) {
    const found = await this.partners.getPartner(partner.partnerId);
    if (!found) throw new NotFoundError('Partner');
    return { url: found.webhookUrl };
  }

  @ApiOperation({ summary: 'Set my notice endpoint (https; http to loopback only when allowed)' })
  @ApiOkResponse({ type: WebhookDoc })
  @Put('webhook')
  setWebhook(@CurrentPrincipal() partner: PartnerPrincipal, @Body() body: WebhookBody) {
    return this.partners.setWebhookUrl(partner.partnerId, body.url);
  }

  @ApiOperation({ summary: 'Rotate the webhook signing secret; the new one is shown this once' })
  @ApiOkResponse({ type: SecretDoc })
  @Post('webhook/rotate-secret')
  @HttpCode(200)
  rotateSecret(@CurrentPrincipal() partner: PartnerPrincipal, @Body() _body: EmptyBody) {
    return this.partners.rotateWebhookSecret(partner.partnerId);
  }

  @ApiOperation({ summary: 'Delivery log of my webhooks, newest first' })
  @ApiOkResponse({ type: DeliveryPageDoc })
  @Get('deliveries')
  deliveries(@CurrentPrincipal() partner: PartnerPrincipal, @Query() query: DeliveryListQuery) {
    return this.webhookDeliveries.list(partnerOwner(partner.partnerId), query.status, query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Send the same event (same eventId) again; a delivery still pending is 409' })
  @ApiAcceptedResponse({ type: DeliveryDoc })
  @ApiProblems('INVALID_STATE')
  @Post('deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  redeliver(@CurrentPrincipal() partner: PartnerPrincipal, @Param('deliveryId') deliveryId: string, @Body() _body: EmptyBody) {
    return this.webhookDeliveries.requestRedelivery(partnerOwner(partner.partnerId), deliveryId);
  }

  @ApiOperation({ summary: 'Send a signed ping event to my endpoint, through the queue and the delivery log' })
  @ApiAcceptedResponse({ type: DeliveryDoc })
  @ApiProblems('INVALID_STATE')
  @Post('webhook/ping')
  @HttpCode(202)
  ping(@CurrentPrincipal() partner: PartnerPrincipal, @Body() _body: EmptyBody) {
    return this.webhookDeliveries.ping(partnerOwner(partner.partnerId));
  }
}
