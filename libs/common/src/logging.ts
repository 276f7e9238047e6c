import pino, { type Logger } from 'pino';
import { currentRequestId } from './request-context.js';

/**
 * Anything that can hold a credential is removed from log lines, wherever it appears:
 * bearer tokens, operator token, webhook secrets and signatures, minted tokens.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-signature"]',
  'headers.authorization',
  'headers["x-signature"]',
  '*.authorization',
  '*.accessToken',
  '*.webhookSecret',
  '*.secret',
  '*.password',
  '*.token',
  'accessToken',
  'webhookSecret',
  'secret',
  'signature',
];

/** The process's JSON logger; every line says which role wrote it and, inside a request or job, its request id. */
export function createRootLogger(options: { level: string; role: string; withRequestId?: boolean }): Logger {
  return pino({
    level: options.level,
    base: { role: options.role },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.withRequestId === false
      ? {}
      : {
          mixin: () => {
            const requestId = currentRequestId();
            return requestId ? { requestId } : {};
          },
        }),
  });
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger interface over pino: framework and service log calls become JSON lines
 * with their context. (A direct adapter: nestjs-pino's request middleware is not needed,
 * since request ids come from AsyncLocalStorage, and it put a middleware layer on every request.)
 */
export class PinoNestLogger {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    // Nest passes the context last, and for errors a stack before it.
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
