import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldProblemDoc {
  @ApiProperty({ example: 'partnerId' }) field: string;
  @ApiProperty({ example: 'partnerId must be a UUID' }) message: string;
}

/** RFC 9457 problem document: every error the API answers. */
export class ProblemDoc {
  @ApiProperty({ example: 'urn:partner-binding:problem:validation-failed' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'The request body is not valid.' }) detail: string;
  @ApiProperty({
    description: 'Stable machine code',
    enum: [
      'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BINDING_EXISTS', 'INVALID_STATE', 'EMAIL_TAKEN',
      'IDEMPOTENCY_IN_PROGRESS', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'PARTNER_NOT_BINDABLE', 'IDEMPOTENCY_KEY_REUSED',
      'USER_INACTIVE', 'RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL',
    ],
  })
  code: string;
  @ApiPropertyOptional({ type: [FieldProblemDoc] }) errors?: FieldProblemDoc[];
}

const WHEN: Record<number, { description: string; code: string; detail: string }> = {
  400: { description: 'Malformed JSON, unknown or invalid fields, bad query parameters', code: 'VALIDATION_FAILED', detail: 'The request body is not valid.' },
  401: { description: 'Missing, malformed, expired or foreign token; deactivated user', code: 'UNAUTHENTICATED', detail: 'A valid bearer token is required.' },
  403: { description: 'Wrong kind of caller, or the role does not allow it', code: 'FORBIDDEN', detail: 'Your role does not allow this.' },
  404: { description: 'Absent, or belonging to another account or partner', code: 'NOT_FOUND', detail: 'Binding was not found.' },
  409: { description: 'A live binding exists, the state does not allow the transition, or the e-mail is taken', code: 'INVALID_STATE', detail: 'A binding that is cancelled cannot be changed this way.' },
  413: { description: 'Body larger than the limit (16 KiB by default)', code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than the limit.' },
  415: { description: 'Body not application/json', code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Request bodies must be sent as application/json.' },
  422: { description: 'Partner not bindable, or Idempotency-Key reused with another body', code: 'PARTNER_NOT_BINDABLE', detail: 'This partner does not exist or is not certified, so it cannot be bound.' },
  429: { description: 'Rate limit exceeded (see Retry-After)', code: 'RATE_LIMITED', detail: 'Too many requests; try again in 12 s.' },
  503: { description: 'MySQL or Redis unreachable; nothing was changed', code: 'UNAVAILABLE', detail: 'A backing service is unavailable; nothing was changed. Try again shortly.' },
};

/** Documents the problem+json answers a route can give (429 and 503 are added everywhere). */
export function ApiProblems(...statuses: number[]) {
  const all = [...new Set([...statuses, 429, 503])].sort();
  return applyDecorators(
    ApiExtraModels(ProblemDoc),
    ...all.map((status) =>
      ApiResponse({
        status,
        description: WHEN[status]!.description,
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDoc) },
            example: { type: `urn:partner-binding:problem:${WHEN[status]!.code.toLowerCase().replaceAll('_', '-')}`, title: 'Error', status, detail: WHEN[status]!.detail, code: WHEN[status]!.code },
          },
        },
      }),
    ),
  );
}
