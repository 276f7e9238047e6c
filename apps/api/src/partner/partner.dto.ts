import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { BINDING_STATUSES, type BindingStatus } from '@app/bindings';
import type { DeliveryStatus } from '@app/notifications';
import { CommaSeparated, PageQuery, StatusSet } from '../common/dto.js';

export class DeclineBody {
  @ApiPropertyOptional({ maxLength: 500, example: 'We do not serve this region yet.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class WebhookBody {
  @ApiProperty({ example: 'https://integrator.example/hooks/partner-binding', description: 'https (http to loopback only when ALLOW_HTTP_WEBHOOKS=true).' })
  @IsString()
  @MaxLength(2048)
  url: string;
}

export class RequestListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'pending', type: String })
  @IsOptional()
  @CommaSeparated()
  @StatusSet(BINDING_STATUSES)
  status?: BindingStatus[];
}

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'failed', type: String })
  @IsOptional()
  @CommaSeparated()
  @StatusSet(DELIVERY_STATUSES)
  status?: DeliveryStatus[];
}
