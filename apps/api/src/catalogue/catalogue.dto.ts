import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../common/dto.js';

export class CatalogueQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the partner’s name (case-insensitive).', example: 'integr' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
