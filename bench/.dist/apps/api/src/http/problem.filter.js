var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Catch, Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, toProblem } from "../../../../libs/common/src/index.js";
/** The one place errors become responses: RFC 9457 problem documents, nothing internal. */
let ProblemFilter = class ProblemFilter {
    logger = new Logger('HTTP');
    catch(exception, host) {
        const reply = host.switchToHttp().getResponse();
        const request = host.switchToHttp().getRequest();
        const problem = toProblem(exception);
        if (problem.status >= 500) {
            // The full error goes to the log (never the response); no request headers are logged.
            const error = exception instanceof Error ? exception : new Error(String(exception));
            this.logger.error(`${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]} failed: ${error.message}`, error.stack);
        }
        if (problem.status === 429 && !reply.getHeader('retry-after'))
            reply.header('retry-after', '1');
        void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
    }
};
ProblemFilter = __decorate([
    Catch()
], ProblemFilter);
export { ProblemFilter };
//# sourceMappingURL=problem.filter.js.map