import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@app/common';

/** The one place errors become responses: RFC 9457 problem documents, nothing internal. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = toProblem(exception);
    if (problem.status >= 500) {
      // The full error goes to the log (never the response); no request headers are logged.
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]} failed: ${error.message}`, error.stack);
    }
    if (problem.status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', '1');
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
