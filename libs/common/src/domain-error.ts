/**
 * Every failure the domain knows about. `code` is stable (clients switch on it);
 * the HTTP status lives in the API's problem filter, not here, so job handlers
 * can throw and catch these without any notion of HTTP.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BINDING_EXISTS'
  | 'INVALID_STATE'
  | 'EMAIL_TAKEN'
  | 'EXTERNAL_SUBJECT_TAKEN'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PARTNER_NOT_BINDABLE'
  | 'PARTNER_LIMIT_REACHED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'USER_INACTIVE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldProblems?: FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(message: string, fieldProblems: FieldProblem[] = []) {
    super('VALIDATION_FAILED', message, fieldProblems);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found.`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required.') {
    super('UNAUTHENTICATED', message);
  }
}

export class InvalidStateError extends DomainError {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}
