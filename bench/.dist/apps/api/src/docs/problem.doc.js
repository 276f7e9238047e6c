var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
export class FieldProblemDoc {
    field;
    message;
}
__decorate([
    ApiProperty({ example: 'partnerId' }),
    __metadata("design:type", String)
], FieldProblemDoc.prototype, "field", void 0);
__decorate([
    ApiProperty({ example: 'partnerId must be a UUID' }),
    __metadata("design:type", String)
], FieldProblemDoc.prototype, "message", void 0);
/** RFC 9457 problem document: every error the API answers. */
export class ProblemDoc {
    type;
    title;
    status;
    detail;
    code;
    errors;
}
__decorate([
    ApiProperty({ example: 'urn:partner-binding:problem:validation-failed' }),
    __metadata("design:type", String)
], ProblemDoc.prototype, "type", void 0);
__decorate([
    ApiProperty({ example: 'Bad Request' }),
    __metadata("design:type", String)
], ProblemDoc.prototype, "title", void 0);
__decorate([
    ApiProperty({ example: 400 }),
    __metadata("design:type", Number)
], ProblemDoc.prototype, "status", void 0);
__decorate([
    ApiProperty({ example: 'The request body is not valid.' }),
    __metadata("design:type", String)
], ProblemDoc.prototype, "detail", void 0);
__decorate([
    ApiProperty({
        description: 'Stable machine code',
        enum: [
            'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BINDING_EXISTS', 'INVALID_STATE', 'EMAIL_TAKEN',
            'IDEMPOTENCY_IN_PROGRESS', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'PARTNER_NOT_BINDABLE', 'IDEMPOTENCY_KEY_REUSED',
            'USER_INACTIVE', 'RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL',
        ],
    }),
    __metadata("design:type", String)
], ProblemDoc.prototype, "code", void 0);
__decorate([
    ApiPropertyOptional({ type: [FieldProblemDoc] }),
    __metadata("design:type", Array)
], ProblemDoc.prototype, "errors", void 0);
const WHEN = {
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
export function ApiProblems(...statuses) {
    const all = [...new Set([...statuses, 429, 503])].sort();
    return applyDecorators(ApiExtraModels(ProblemDoc), ...all.map((status) => ApiResponse({
        status,
        description: WHEN[status].description,
        content: {
            'application/problem+json': {
                schema: { $ref: getSchemaPath(ProblemDoc) },
                example: { type: `urn:partner-binding:problem:${WHEN[status].code.toLowerCase().replaceAll('_', '-')}`, title: 'Error', status, detail: WHEN[status].detail, code: WHEN[status].code },
            },
        },
    })));
}
//# sourceMappingURL=problem.doc.js.map