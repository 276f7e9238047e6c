export * from './domain-error.js';
export { newId, isUuid, firstIdAt } from './ids.js';
export { CursorCodec, type Page, type TimeKey } from './cursor.js';
export { toProblem, problemFor, isOutage, PROBLEM_CONTENT_TYPE, STATUS_OF, type Problem } from './problem.js';
export { requestIdFrom, runWithRequestId, currentRequestId } from './request-context.js';
export { createRootLogger, PinoNestLogger, REDACTED_PATHS } from './logging.js';
export { httpRequestDuration, bindingTransitions, webhookDeliveries, webhookLatency } from './metrics.js';
export { SecretBox, SecretBoxError, rowSecretContext, type SecretBoxKey } from './secret-box.js';
export { Coalescer, KeyedReads } from './coalescer.js';
