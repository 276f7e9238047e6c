import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AUDIT_FORMATS, type AuditFormat } from '@app/bindings';

/** A calendar date (midnight UTC) or a date and time with its zone: a time without a zone would mean the server's. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const TIME_MESSAGE = (name: string) => `${name} must be an ISO-8601 date (2026-01-31) or date-time with a zone (2026-01-31T10:00:00Z)`;

export class AuditQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-01-01T00:00:00Z',
    description: 'Events at or after this moment (inclusive). A date alone is its midnight UTC.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(ISO_TIME, { message: TIME_MESSAGE('from') })
  @IsISO8601({ strict: true }, { message: TIME_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-02-01T00:00:00Z', description: 'Events before this moment (exclusive); not before `from`.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(ISO_TIME, { message: TIME_MESSAGE('to') })
  @IsISO8601({ strict: true }, { message: TIME_MESSAGE('to') })
  to?: string;

  @ApiPropertyOptional({
    enum: AUDIT_FORMATS,
    enumName: 'AuditFormat',
    default: 'jsonl',
    description: '`jsonl`: application/x-ndjson, one event per line. `csv`: text/csv (RFC 4180) with a header row.',
  })
  @IsOptional()
  @IsIn(AUDIT_FORMATS, { message: `format must be one of: ${AUDIT_FORMATS.join(', ')}` })
  format: AuditFormat = 'jsonl';
}
