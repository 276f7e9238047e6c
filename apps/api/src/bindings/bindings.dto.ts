import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { BINDING_STATUSES, type BindingStatus } from '@app/bindings';
import { CommaSeparated, PageQuery, StatusSet, UUID_PATTERN } from '../common/dto.js';

export class CreateBindingBody {
  @ApiProperty({ format: 'uuid', description: 'The certified partner to bind.' })
  @IsString()
  @Matches(UUID_PATTERN, { message: 'partnerId must be a UUID' })
  partnerId: string;
}

export class BindingListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Comma-separated statuses.', example: 'pending,active', type: String })
  @IsOptional()
  @CommaSeparated()
  @StatusSet(BINDING_STATUSES)
  status?: BindingStatus[];
}
