import { WorkerHost } from '@nestjs/bullmq';
import { runWithRequestId } from "../../../../libs/common/src/index.js";
/**
 * A processor that runs each job under the request id of the HTTP request that caused
 * it (stamped by the outbox), so its log lines and webhooks carry the same X-Request-Id.
 */
export class RequestScopedWorkerHost extends WorkerHost {
    process(job, token) {
        const requestId = job.data?.requestId;
        return runWithRequestId(typeof requestId === 'string' ? requestId : undefined, () => this.handle(job, token));
    }
}
//# sourceMappingURL=request-scoped.worker-host.js.map