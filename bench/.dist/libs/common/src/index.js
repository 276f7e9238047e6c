export * from './domain-error.js';
export { newId, isUuid } from './ids.js';
export { CursorCodec } from './cursor.js';
export { toProblem, problemFor, isOutage, PROBLEM_CONTENT_TYPE } from './problem.js';
export { requestIdFrom, runWithRequestId, currentRequestId } from './request-context.js';
export { createRootLogger, REDACTED_PATHS } from './logging.js';
export { httpRequestDuration, bindingTransitions, webhookDeliveries, webhookLatency } from './metrics.js';
//# sourceMappingURL=index.js.map