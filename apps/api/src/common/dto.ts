import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** A body with no fields: sending any field is a 400 (unknown body fields: docs/API.md#check-order). */
export class EmptyBody {}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?limit=&cursor=` on every list (docs/API.md#lists). */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Items per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

/** Turns `?status=a,b` into ['a', 'b'] (a repeated parameter is joined first). */
export const CommaSeparated = () =>
  Transform(({ value }) => {
    if (value === undefined) return undefined;
    const joined = Array.isArray(value) ? value.join(',') : String(value);
    return joined
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
  });

export const StatusSet = (allowed: readonly string[]) => IsIn(allowed, { each: true, message: `status must be a comma-separated list of: ${allowed.join(', ')}` });

/** How a `?status=a,b` filter of `allowed` values appears in the OpenAPI document (a comma-separated array). */
export const statusSetDoc = (allowed: readonly string[], enumName: string, description: string): ApiPropertyOptions =>
  ({ isArray: true, enum: [...allowed], enumName, description, style: 'form', explode: false }) as ApiPropertyOptions;
