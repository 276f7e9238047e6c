import { DomainError, type ErrorCode, type FieldProblem } from './domain-error.js';

/** An RFC 9457 problem document, as every error leaves the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldProblem[];
}

/** The HTTP status of every error code (the OpenAPI document lists the codes per status from here). */
export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BINDING_EXISTS: 409,
  INVALID_STATE: 409,
  EMAIL_TAKEN: 409,
  EXTERNAL_SUBJECT_TAKEN: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  PARTNER_LIMIT_REACHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PARTNER_NOT_BINDABLE: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  USER_INACTIVE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const TITLE_OF: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemFor(code: ErrorCode, detail: string, errors?: FieldProblem[]): Problem {
  const status = STATUS_OF[code];
  return {
    type: `urn:partner-binding:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLE_OF[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** mysql2 / ioredis / socket error codes that mean "the backing service is not there". */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'POOL_CLOSED',
]);

/** True when `error` (or what it wraps) says MySQL or Redis cannot be reached. */
export function isOutage(error: unknown): boolean {
  for (let current: any = error, depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string' && OUTAGE_CODES.has(current.code)) return true;
    if (typeof current.errno === 'string' && OUTAGE_CODES.has(current.errno)) return true;
    const message = typeof current.message === 'string' ? current.message : '';
    if (
      /Pool is closed|Connection is closed|connect ETIMEDOUT|Can't add new command when connection is in closed state|Reached the max retries per request limit|Stream isn't writeable/i.test(
        message,
      )
    )
      return true;
    if (current.name === 'MaxRetriesPerRequestError') return true;
    current = current.driverError ?? current.cause ?? current.originalError;
  }
  return false;
}

/**
 * Maps anything thrown while serving a request to a problem document.
 * Unknown errors become a bare 500: their message may hold SQL or internals.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) return problemFor(error.code, error.message, error.fieldProblems);
  // An error that already carries its problem document (e.g. the rate limiter's 429).
  const carried = (error as { problem?: Problem } | null)?.problem;
  if (carried && typeof carried.status === 'number' && typeof carried.code === 'string') return carried;
  if (isOutage(error)) return problemFor('UNAVAILABLE', 'A backing service is unavailable; nothing was changed. Try again shortly.');

  const anyError = error as { code?: unknown; statusCode?: unknown; getStatus?: () => number; message?: unknown };
  const fastifyCode = typeof anyError?.code === 'string' ? anyError.code : '';
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return problemFor('PAYLOAD_TOO_LARGE', 'The request body is larger than the limit.');
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problemFor('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json.');

  const status = typeof anyError?.getStatus === 'function' ? anyError.getStatus() : typeof anyError?.statusCode === 'number' ? anyError.statusCode : 500;
  if (status === 404) return problemFor('NOT_FOUND', 'No such resource.');
  if (status === 413) return problemFor('PAYLOAD_TOO_LARGE', 'The request body is larger than the limit.');
  if (status === 415) return problemFor('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json.');
  if (status === 405) return { ...problemFor('NOT_FOUND', 'Method not allowed on this resource.'), status: 405, title: TITLE_OF[405] };
  // e.g. the health check's ServiceUnavailableException when MySQL or Redis is down (/health/ready answers 503: docs/API.md#operations).
  if (status === 503) return problemFor('UNAVAILABLE', 'A backing service is unavailable. Try again shortly.');
  const code = CODE_OF_STATUS[status];
  if (code && status < 500) {
    const detail = status === 400 ? 'The request could not be read.' : (TITLE_OF[status] ?? 'Request refused.');
    return problemFor(code, detail);
  }
  return problemFor('INTERNAL', 'Something went wrong on our side. It has been logged.');
}
