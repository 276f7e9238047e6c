import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { BINDING_STATUSES, type BindingStatus } from '@app/bindings';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@app/notifications';
import { CommaSeparated, PAGE_QUERY_FIELDS, PageQuery, StatusSet, fastStatusSet, statusSetDoc } from '../common/dto.js';
import { FastQuery } from '../common/fast-query.js';

export class DeclineBody {
  @ApiPropertyOptional({ maxLength: 500, example: 'We do not serve this region yet.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class TerminateBody {
  @ApiPropertyOptional({ maxLength: 500, example: 'We no longer offer this service.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class WebhookBody {
  @ApiProperty({
    format: 'uri',
    maxLength: 2048,
    example: 'https://integrator.example/hooks/partner-binding',
    description: 'https (http to loopback only when ALLOW_HTTP_WEBHOOKS=true).',
  })
  @IsString()
  @MaxLength(2048)
  url: string;
}

@FastQuery({ ...PAGE_QUERY_FIELDS, status: fastStatusSet(BINDING_STATUSES) })
export class RequestListQuery extends PageQuery {
  @ApiPropertyOptional(statusSetDoc(BINDING_STATUSES, 'BindingStatus', 'Only requests in these statuses (comma-separated), e.g. pending.'))
  @IsOptional()
  @CommaSeparated()
  @StatusSet(BINDING_STATUSES)
  status?: BindingStatus[];
}

@FastQuery({ ...PAGE_QUERY_FIELDS, status: fastStatusSet(DELIVERY_STATUSES) })
export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional(statusSetDoc(DELIVERY_STATUSES, 'DeliveryStatus', 'Only deliveries in these statuses (comma-separated), e.g. failed.'))
  @IsOptional()
  @CommaSeparated()
  @StatusSet(DELIVERY_STATUSES)
  status?: DeliveryStatus[];
}
