import { Injectable, ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { DomainError, ValidationFailedError, type FieldProblem } from '@app/common';
import { fastBody, fastQuery } from '../common/fast-query.js';
import { MALFORMED_JSON, MAX_JSON_DEPTH, TOO_DEEP_JSON, UNSUPPORTED_MEDIA } from './json-body.js';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator's whitelist message names the property itself; say it plainly.
      message: message.includes('should not exist') ? 'unknown field' : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const exceptionFactory = (where: string) => (errors: ValidationError[]) => new ValidationFailedError(`The request ${where} is not valid.`, flatten(errors));

/** How a query is judged when it does not take the fast path (and what the fast path is checked against in its spec). */
export const queryValidationPipe = () =>
  new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: false, exceptionFactory: exceptionFactory('query') });

/** How a body is judged when it does not take the fast path (and what the fast path is checked against in its spec). */
export const bodyValidationPipe = () =>
  new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true, exceptionFactory: exceptionFactory('body') });

/**
 * Bodies are strict (unknown fields are a 400); query strings ignore unknown
 * parameters but refuse bad values of known ones (docs/API.md#check-order).
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly body = bodyValidationPipe();
  private readonly query = queryValidationPipe();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (value === MALFORMED_JSON) throw new ValidationFailedError('The request body is not valid JSON.', [{ field: 'body', message: 'malformed JSON' }]);
      if (value === TOO_DEEP_JSON)
        throw new ValidationFailedError(`The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`, [
          { field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
        ]);
      if (value === UNSUPPORTED_MEDIA) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be sent as application/json.');
      const body = value === undefined ? {} : value;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new ValidationFailedError('The request body must be a JSON object.', [{ field: 'body', message: 'must be an object' }]);
      }
      // A plainly well-formed hot body skips class-validator; anything else is judged by the pipe (common/fast-query.ts).
      return fastBody(metadata.metatype, body) ?? this.body.transform(body, metadata);
    }
    // A well-formed list query skips class-validator; anything else is judged by the pipe (common/fast-query.ts).
    if (metadata.type === 'query') return fastQuery(metadata.metatype, value) ?? this.query.transform(value ?? {}, metadata);
    return value;
  }
}
