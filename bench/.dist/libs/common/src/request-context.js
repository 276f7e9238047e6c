import { AsyncLocalStorage } from 'node:async_hooks';
import { newId } from './ids.js';
const storage = new AsyncLocalStorage();
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The caller's X-Request-Id when it is a sane token, else a fresh id. */
export function requestIdFrom(header) {
    const value = Array.isArray(header) ? header[0] : header;
    return value && ACCEPTABLE_ID.test(value) ? value : newId();
}
/**
 * Runs `work` with a request id in scope: the outbox stamps it on the jobs a request
 * causes, workers restore it while running them, and webhooks carry it as X-Request-Id,
 * so one id follows a binding from the HTTP call to the partner's endpoint.
 */
export function runWithRequestId(requestId, work) {
    return requestId ? storage.run({ requestId }, work) : work();
}
export function currentRequestId() {
    return storage.getStore()?.requestId;
}
//# sourceMappingURL=request-context.js.map