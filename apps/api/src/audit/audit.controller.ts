import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, For, type PartnerPrincipal } from '@app/auth';
import { AUDIT_CONTENT_TYPES, AuditExportService, type BindingOwner } from '@app/bindings';
import { ValidationFailedError } from '@app/common';
import { AuditQuery } from './audit.dto.js';

const EXPORT_DESCRIPTION =
  'The events of the bindings, oldest first, streamed: JSON lines (one event per line) or CSV with a header row ' +
  '(columns id, bindingId, accountId, partnerId, type, actorKind, actorId, fromStatus, toStatus, at, data; data as JSON text).';

const EXPORT_CONTENT = {
  'application/x-ndjson': { schema: { type: 'string', description: 'One JSON event per line' } },
  'text/csv': { schema: { type: 'string', description: 'RFC 4180, CRLF line ends, a header row first' } },
};

/** The audit export of both sides: the trail of every binding the caller's account (or partner) has. */
@ApiTags('audit')
@Controller('v1')
export class AuditController {
  constructor(@Inject(AuditExportService) private readonly exports: AuditExportService) {}

  @ApiOperation({ summary: 'Export the account’s audit trail (any seller user of the account)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: EXPORT_DESCRIPTION, content: EXPORT_CONTENT })
  @For('seller')
  @Get('accounts/:accountId/audit')
  account(@Param('accountId') accountId: string, @Query() query: AuditQuery, @Res() reply: FastifyReply) {
    return this.send(reply, { accountId }, query, `audit-account-${accountId}`);
  }

  @ApiOperation({ summary: 'Export my partner’s audit trail (every request addressed to it)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: EXPORT_DESCRIPTION, content: EXPORT_CONTENT })
  @For('partner')
  @Get('partner/audit')
  partner(@CurrentPrincipal() partner: PartnerPrincipal, @Query() query: AuditQuery, @Res() reply: FastifyReply) {
    return this.send(reply, { partnerId: partner.partnerId }, query, `audit-partner-${partner.partnerId}`);
  }

  private async send(reply: FastifyReply, owner: BindingOwner, query: AuditQuery, name: string): Promise<void> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && to < from) throw new ValidationFailedError('The request query is not valid.', [{ field: 'to', message: 'to must not be before from' }]);
    // Fastify pipes the stream with backpressure and destroys it when the client goes away (no further page is read).
    const stream = await this.exports.open(owner, { from, to }, query.format);
    void reply
      .status(200)
      .header('content-type', AUDIT_CONTENT_TYPES[query.format])
      .header('content-disposition', `attachment; filename="${name}.${query.format}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  }
}
