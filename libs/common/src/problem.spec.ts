import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { DomainError, InvalidStateError, NotFoundError, ValidationFailedError, type ErrorCode } from './domain-error.js';
import { toProblem } from './problem.js';

describe('toProblem', () => {
  it.each<[ErrorCode, number]>([
    ['VALIDATION_FAILED', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['BINDING_EXISTS', 409],
    ['INVALID_STATE', 409],
    ['IDEMPOTENCY_IN_PROGRESS', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['PARTNER_NOT_BINDABLE', 422],
    ['IDEMPOTENCY_KEY_REUSED', 422],
    ['RATE_LIMITED', 429],
    ['UNAVAILABLE', 503],
  ])('maps a DomainError %s to %i', (code, status) => {
    const problem = toProblem(new DomainError(code, `detail for ${code}`));
    expect(problem).toMatchObject({ status, code, detail: `detail for ${code}` });
    expect(typeof problem.type).toBe('string');
    expect(problem.title.length).toBeGreaterThan(0);
  });

  it("keeps the subclasses' codes and field problems", () => {
    expect(toProblem(new NotFoundError('Binding'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(toProblem(new InvalidStateError('no'))).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    const errors = [{ field: 'partnerId', message: 'must be a UUID' }];
    expect(toProblem(new ValidationFailedError('bad body', errors))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors });
    expect(toProblem(new DomainError('NOT_FOUND', 'x'))).not.toHaveProperty('errors');
  });

  it('maps an unreachable database or Redis to 503 UNAVAILABLE, also when wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', errno: -111 });
    expect(toProblem(refused)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });

    const wrapped = new QueryFailedError('SELECT secret FROM accounts', [], refused);
    expect(wrapped.driverError).toBe(refused);
    expect(toProblem(wrapped)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });

    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' });
    expect(toProblem({ driverError: lost, message: 'query failed' })).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(toProblem(new Error('outer', { cause: refused }))).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(toProblem(Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' }))).toMatchObject(
      {
        status: 503,
        code: 'UNAVAILABLE',
      },
    );
  });

  it('answers an unknown error with a bare 500 that leaks nothing of it', () => {
    const secret = "Duplicate entry 'admin@seller.test' for key 'uq_seller_users_email' in SELECT * FROM seller_users WHERE password = 'hunter2'";
    const error = new QueryFailedError(
      'SELECT * FROM seller_users',
      ['hunter2'],
      Object.assign(new Error(secret), { code: 'ER_DUP_ENTRY', sqlMessage: secret }),
    );
    for (const unknown of [
      error,
      new Error(secret),
      new TypeError(`Cannot read properties of undefined (reading '${secret}')`),
      secret,
      null,
      undefined,
      { message: secret },
    ]) {
      const problem = toProblem(unknown);
      expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
      const serialised = JSON.stringify(problem);
      for (const fragment of ['hunter2', 'seller_users', 'SELECT', 'Duplicate', 'admin@seller.test', 'Cannot read']) expect(serialised).not.toContain(fragment);
      expect(problem).not.toHaveProperty('stack');
      expect(problem).not.toHaveProperty('errors');
    }
  });
});
