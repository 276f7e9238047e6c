import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { requestIdFrom, runWithRequestId } from '@app/common';

/**
 * Puts the request id (Fastify's request.id: X-Request-Id or a new one, echoed in the
 * response) in scope for the handler, so the jobs it writes carry it.
 */
@Injectable()
export class RequestIdInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ id?: unknown; headers: Record<string, string | string[] | undefined> }>();
    const requestId = typeof request.id === 'string' ? request.id : requestIdFrom(request.headers['x-request-id']);
    return new Observable((subscriber) => runWithRequestId(requestId, () => next.handle().subscribe(subscriber)));
  }
}
