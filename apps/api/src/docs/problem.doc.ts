import { SetMetadata } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { STATUS_OF, problemFor, type ErrorCode } from '@app/common';

@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemDoc {
  @ApiProperty({ example: 'partnerId' }) field: string;
  @ApiProperty({ example: 'partnerId must be a UUID' }) message: string;
}

/** Every error code the service answers with, in the order of their statuses. */
export const ERROR_CODES = (Object.keys(STATUS_OF) as ErrorCode[]).sort((a, b) => STATUS_OF[a] - STATUS_OF[b]);

/** RFC 9457 problem document: every error the API answers. */
@ApiSchema({ name: 'Problem', description: 'An RFC 9457 problem document (`application/problem+json`); switch on `code`.' })
export class ProblemDoc {
  @ApiProperty({ example: 'urn:partner-binding:problem:validation-failed', description: 'A URN naming the code' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ type: 'integer', example: 400 }) status: number;
  @ApiProperty({ example: 'The request body is not valid.', description: 'For people; never parse it' }) detail: string;
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', description: 'Stable machine code' }) code: ErrorCode;
  @ApiPropertyOptional({ type: [FieldProblemDoc], description: 'The fields that failed validation (400 only)' }) errors?: FieldProblemDoc[];
}

/**
 * What each code means, for the responses' descriptions and examples. A `Record` over every
 * code, so a new code does not compile until it says what it means here.
 */
export const CODE_MEANING: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Malformed JSON, unknown or invalid body fields, or an invalid query parameter.',
  UNAUTHENTICATED: 'The bearer token is missing, malformed, expired or not ours, or its user is deactivated.',
  FORBIDDEN: 'This kind of caller may not use this route, or the role does not allow the action.',
  NOT_FOUND: 'Absent, or belonging to another account or partner.',
  BINDING_EXISTS: 'A pending or active binding with this partner already exists.',
  INVALID_STATE: 'The binding’s status does not allow this transition.',
  EMAIL_TAKEN: 'A user with this e-mail already exists.',
  EXTERNAL_SUBJECT_TAKEN: 'Another user of this kind already has this identity-provider subject.',
  IDEMPOTENCY_IN_PROGRESS: 'A request with this Idempotency-Key is still running; retry shortly.',
  PAYLOAD_TOO_LARGE: 'The body is larger than the limit (16 KiB by default).',
  UNSUPPORTED_MEDIA_TYPE: 'The body is not application/json.',
  PARTNER_NOT_BINDABLE: 'The partner is unknown or not certified.',
  PARTNER_LIMIT_REACHED: 'The account already has as many live (pending or active) partner bindings as its limit allows.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used before with another body.',
  USER_INACTIVE: 'Tokens are not minted for a deactivated user.',
  RATE_LIMITED: 'Too many requests; see Retry-After.',
  UNAVAILABLE: 'MySQL or Redis is unreachable; nothing was changed.',
  INTERNAL: 'An unexpected failure (never documented on a route: the service is built not to answer it).',
};

export const PROBLEM_CODES_KEY = 'pbs:doc:problem-codes';

/**
 * The domain's error codes a route can answer with, beyond those its guard, body and query
 * already imply (see route-contracts.ts): e.g. `@ApiProblems('INVALID_STATE')` on a transition.
 */
export const ApiProblems = (...codes: ErrorCode[]) => SetMetadata(PROBLEM_CODES_KEY, codes);

/** The problem+json responses for `codes`, one per status, each limited to its own codes. */
export function problemResponses(codes: Iterable<ErrorCode>): Map<number, { description: string; content: Record<string, unknown> }> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(STATUS_OF[code], [...(byStatus.get(STATUS_OF[code]) ?? []), code]);
  const responses = new Map<number, { description: string; content: Record<string, unknown> }>();
  for (const [status, unsorted] of [...byStatus].sort(([a], [b]) => a - b)) {
    const statusCodes = ERROR_CODES.filter((code) => unsorted.includes(code));
    responses.set(status, {
      description: statusCodes.map((code) => `\`${code}\`: ${CODE_MEANING[code]}`).join(' '),
      content: {
        'application/problem+json': {
          schema: {
            allOf: [{ $ref: getSchemaPath(ProblemDoc) }, { type: 'object', properties: { status: { enum: [status] }, code: { enum: statusCodes } } }],
          },
          // The service's own problem builder, so the examples are what it sends.
          examples: Object.fromEntries(statusCodes.map((code) => [code, { summary: CODE_MEANING[code], value: problemFor(code, CODE_MEANING[code]) }])),
        },
      },
    });
  }
  return responses;
}
