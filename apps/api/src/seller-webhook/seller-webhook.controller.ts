import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { For, RequirePermission } from '@app/auth';
import { WebhookDeliveries, WebhookEndpoints, accountOwner } from '@app/notifications';
import { EmptyBody } from '../common/dto.js';
import { DeliveryListQuery, WebhookBody } from '../partner/partner.dto.js';
import { ApiProblems } from '../docs/problem.doc.js';
import { DeliveryDoc, DeliveryPageDoc, SecretDoc, SellerWebhookSetDoc, WebhookDoc } from '../docs/resources.doc.js';

/**
 * A seller account's own webhook (for its back end): every seller notice, signed, retried and logged
 * by the same machinery as partners' webhooks. Reads: any user of the account; writes and ping: admin.
 * The guard checks :accountId is the caller's (else 404).
 */
@ApiTags('seller webhook')
@For('seller')
@Controller('v1/accounts/:accountId/webhook')
export class SellerWebhookController {
  constructor(
    @Inject(WebhookEndpoints) private readonly endpoints: WebhookEndpoints,
    @Inject(WebhookDeliveries) private readonly deliveries: WebhookDeliveries,
  ) {}

  @ApiOperation({ summary: 'The account’s webhook endpoint' })
  @ApiOkResponse({ type: WebhookDoc })
  @Get()
  webhook(@Param('accountId') accountId: string) {
    return this.endpoints.sellerWebhook(accountId);
  }

  @ApiOperation({ summary: 'Set the webhook endpoint (admin); the first time, the signing secret is shown this once' })
  @ApiOkResponse({ type: SellerWebhookSetDoc })
  @Put()
  @RequirePermission('webhook:manage')
  setWebhook(@Param('accountId') accountId: string, @Body() body: WebhookBody) {
    return this.endpoints.setSellerWebhook(accountId, body.url);
  }

  @ApiOperation({ summary: 'Rotate the webhook signing secret (admin); the new one is shown this once' })
  @ApiOkResponse({ type: SecretDoc })
  @ApiProblems('INVALID_STATE')
  @Post('rotate-secret')
  @HttpCode(200)
  @RequirePermission('webhook:manage')
  rotateSecret(@Param('accountId') accountId: string, @Body() _body: EmptyBody) {
    return this.endpoints.rotateSellerSecret(accountId);
  }

  @ApiOperation({ summary: 'Delivery log of the account’s webhook, newest first' })
  @ApiOkResponse({ type: DeliveryPageDoc })
  @Get('deliveries')
  list(@Param('accountId') accountId: string, @Query() query: DeliveryListQuery) {
    return this.deliveries.list(accountOwner(accountId), query.status, query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Send the same event (same eventId) again (admin); a delivery still pending is 409' })
  @ApiAcceptedResponse({ type: DeliveryDoc })
  @ApiProblems('INVALID_STATE')
  @Post('deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @RequirePermission('webhook:manage')
  redeliver(@Param('accountId') accountId: string, @Param('deliveryId') deliveryId: string, @Body() _body: EmptyBody) {
    return this.deliveries.requestRedelivery(accountOwner(accountId), deliveryId);
  }

  @ApiOperation({ summary: 'Send a signed ping event to the endpoint (admin), through the queue and the delivery log' })
  @ApiAcceptedResponse({ type: DeliveryDoc })
  @ApiProblems('INVALID_STATE')
  @Post('ping')
  @HttpCode(202)
  @RequirePermission('webhook:manage')
  ping(@Param('accountId') accountId: string, @Body() _body: EmptyBody) {
    return this.deliveries.ping(accountOwner(accountId));
  }
}
