/**
 * Graceful shutdown of the HTTP server. Once closing starts, Fastify refuses new
 * requests (503) and Node closes idle keep-alive connections, but a connection whose
 * request was in flight stays open after its answer and keeps close() waiting until
 * the keep-alive timeout (72 s). Answers sent while draining therefore say
 * `Connection: close`, so the server is empty as soon as in-flight requests finish.
 */
export function closeConnectionsWhenDraining(fastify) {
    let draining = false;
    fastify.addHook('preClose', (done) => {
        draining = true;
        done();
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
        if (draining)
            void reply.header('connection', 'close');
        done(null, payload);
    });
}
//# sourceMappingURL=drain-on-close.js.map