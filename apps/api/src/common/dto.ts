import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ACCESS_SCOPES } from '@app/partners';
import { FastQuery, commaSeparatedOf, plainInteger, shortText } from './fast-query.js';

/** A body with no fields: sending any field is a 400 (unknown body fields: docs/API.md#check-order). */
export class EmptyBody {}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MAX_PAGE_SIZE = 100;
const MAX_CURSOR_LENGTH = 1000;

/** The fast path (fast-query.ts) of `limit` and `cursor`: the same bounds as the decorators below. */
export const PAGE_QUERY_FIELDS = { limit: plainInteger(MAX_PAGE_SIZE), cursor: shortText(MAX_CURSOR_LENGTH) };

/** `?limit=&cursor=` on every list (docs/API.md#lists). */
@FastQuery(PAGE_QUERY_FIELDS)
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20, description: 'Items per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;
}

/** `a, b,,c` → ['a', 'b', 'c']. */
const splitCommaSeparated = (joined: string): string[] =>
  joined
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** Turns `?status=a,b` into ['a', 'b'] (a repeated parameter is joined first). */
export const CommaSeparated = () =>
  Transform(({ value }) => {
    if (value === undefined) return undefined;
    return splitCommaSeparated(Array.isArray(value) ? value.join(',') : String(value));
  });

export const StatusSet = (allowed: readonly string[]) =>
  IsIn(allowed, { each: true, message: `status must be a comma-separated list of: ${allowed.join(', ')}` });

/** The fast path (fast-query.ts) of a `?status=a,b` filter: split as CommaSeparated splits, checked as StatusSet checks. */
export const fastStatusSet = (allowed: readonly string[]) => commaSeparatedOf(allowed, splitCommaSeparated);

/** How a `?status=a,b` filter of `allowed` values appears in the OpenAPI document (a comma-separated array). */
export const statusSetDoc = (allowed: readonly string[], enumName: string, description: string): ApiPropertyOptions =>
  ({ isArray: true, enum: [...allowed], enumName, description, style: 'form', explode: false }) as ApiPropertyOptions;

/** A non-empty list of distinct scopes from the fixed vocabulary (docs/API.md#scopes). */
export const ScopeList = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1, { message: '$property must name at least one scope' }),
    ArrayUnique({ message: '$property must not repeat a scope' }),
    IsIn(ACCESS_SCOPES, { each: true, message: `$property must contain only: ${ACCESS_SCOPES.join(', ')}` }),
  );

/** An optional field that, when present, must be valid: `null` is refused like any other bad value. */
export const IfPresent = () => ValidateIf((_object, value) => value !== undefined);

/** How a scope list appears in the OpenAPI document (the enum is the same constant validation uses). */
export const scopeListDoc = (description: string): ApiPropertyOptions =>
  ({
    enum: [...ACCESS_SCOPES],
    enumName: 'AccessScope',
    isArray: true,
    minItems: 1,
    maxItems: ACCESS_SCOPES.length,
    uniqueItems: true,
    description,
    example: ['products.read', 'orders.read'],
  }) as ApiPropertyOptions;
