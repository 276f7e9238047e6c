import pino from 'pino';
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
export function createRootLogger(options) {
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
//# sourceMappingURL=logging.js.map