import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's X-Request-Id when it is a sane token, else a fresh random UUID. Not `newId()`: a row id needs the
 * time order of a UUIDv7, a request id does not, and the `uuid` package draws fresh bytes from WebCrypto for every
 * id while `randomUUID` takes them from a cached pool (the difference is a measurable share of an access check).
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTABLE_ID.test(value) ? value : randomUUID();
}

/**
 * Runs `work` with a request id in scope: the outbox stamps it on the jobs a request
 * causes, workers restore it while running them, and webhooks carry it as X-Request-Id,
 * so one id follows a binding from the HTTP call to the partner's endpoint.
 */
export function runWithRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? storage.run({ requestId }, work) : work();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
