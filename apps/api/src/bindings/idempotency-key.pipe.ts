import { Injectable, createParamDecorator, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ValidationFailedError } from '@app/common';

/** Longest Idempotency-Key accepted; keys are stored per user for 24 hours. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/**
 * The optional Idempotency-Key header of "Turn On": absent is fine, anything else must be 1 to 255
 * characters (a 400 like any other invalid input, after the body has been checked).
 */
@Injectable()
export class IdempotencyKeyPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(value: string | undefined): string | undefined {
    if (value !== undefined && (value.length === 0 || value.length > IDEMPOTENCY_KEY_MAX_LENGTH)) {
      throw new ValidationFailedError(`The Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`, [
        { field: 'Idempotency-Key', message: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters` },
      ]);
    }
    return value;
  }
}

const idempotencyKeyHeader = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  return Array.isArray(value) ? value.join(',') : value;
});

/** The request's Idempotency-Key header, checked by IdempotencyKeyPipe. */
export const IdempotencyKey = (): ParameterDecorator => idempotencyKeyHeader(IdempotencyKeyPipe);
