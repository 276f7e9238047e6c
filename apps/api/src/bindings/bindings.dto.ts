import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { BINDING_STATUSES, type BindingStatus } from '@app/bindings';
import {
  CommaSeparated,
  IfPresent,
  PAGE_QUERY_FIELDS,
  PageQuery,
  ScopeList,
  StatusSet,
  UUID_PATTERN,
  fastStatusSet,
  scopeListDoc,
  statusSetDoc,
} from '../common/dto.js';
import { FastBody, FastQuery, absentOnly, orNull, required, shortText, textMatching } from '../common/fast-query.js';

/** Longest `endsAt` text accepted (an ISO 8601 time needs fewer). */
const MAX_ENDS_AT_LENGTH = 40;

/** The fast path (fast-query.ts) of "Turn On": the same rules as the decorators below; a body naming scopes goes to the pipe. */
@FastBody({ partnerId: required(textMatching(UUID_PATTERN)), scopes: absentOnly, endsAt: orNull(shortText(MAX_ENDS_AT_LENGTH)) })
export class CreateBindingBody {
  @ApiProperty({ format: 'uuid', description: 'The certified partner to bind.', example: '01a21bf8-0ebf-73b7-a6c7-2502a0026217' })
  @IsString()
  @Matches(UUID_PATTERN, { message: 'partnerId must be a UUID' })
  partnerId: string;

  @ApiPropertyOptional(scopeListDoc('What the binding grants the partner: scopes the partner offers. Default: everything it offers.'))
  @IfPresent()
  @ScopeList()
  scopes?: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    maxLength: MAX_ENDS_AT_LENGTH,
    example: '2027-06-30T00:00:00Z',
    description:
      'The end of a fixed term: at least 60 s and at most 2 years ahead; null or absent for open-ended. A pending request expires at the earlier of its TTL and this.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ENDS_AT_LENGTH)
  endsAt?: string | null;
}

export class NarrowScopesBody {
  @ApiProperty(scopeListDoc('The scopes the binding keeps: a non-empty subset of the ones it grants now.'))
  @ScopeList()
  scopes: string[];
}

export class ExtendBindingBody {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    maxLength: 40,
    example: '2027-12-31T00:00:00Z',
    description: 'A time later than the current endsAt (at most 2 years ahead), or null to make the binding open-ended.',
  })
  @ValidateIf((body: ExtendBindingBody) => body.endsAt !== null)
  @IsString()
  @MaxLength(40)
  endsAt: string | null;
}

@FastQuery({ ...PAGE_QUERY_FIELDS, status: fastStatusSet(BINDING_STATUSES) })
export class BindingListQuery extends PageQuery {
  @ApiPropertyOptional(statusSetDoc(BINDING_STATUSES, 'BindingStatus', 'Only bindings in these statuses (comma-separated), e.g. pending,active.'))
  @IsOptional()
  @CommaSeparated()
  @StatusSet(BINDING_STATUSES)
  status?: BindingStatus[];
}
