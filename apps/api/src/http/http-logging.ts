import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { httpRequestDuration, requestIdFrom, runWithRequestId } from '@app/common';

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

/** Fastify's request id: the caller's X-Request-Id when it is sane, else a new one. */
export const genRequestId = (request: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(request.headers['x-request-id']);

/**
 * Echoes the request id and puts it in scope for the handler (the jobs it writes and its log lines carry it); writes
 * one access line per request (id, method, route, status, duration) and records the request in the HTTP duration
 * histogram. Headers and bodies are never logged, so tokens cannot leak through them.
 */
export function registerAccessLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // A Fastify hook rather than a Nest interceptor: an interceptor wraps every request of every route in an rxjs
  // chain, a large share of a cheap request's CPU (BENCHMARKS.md, "Access checks"). preHandler, the last hook
  // before the handler: the body has been read by then (its stream events would run outside an earlier scope), and
  // everything the handler starts, awaits included, inherits the scope.
  fastify.addHook('preHandler', (request, _reply, done) => runWithRequestId(request.id, done));
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0] ?? '';
    // The route template, never the raw path: ids in paths would make one time series per binding.
    const route = request.routeOptions?.url ?? 'unmatched';
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (!QUIET_PATHS.test(path)) {
      const line = { requestId: request.id, method: request.method, route, statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime) };
      if (reply.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    }
    done();
  });
}
