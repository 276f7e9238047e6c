var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { requestIdFrom, runWithRequestId } from "../../../../libs/common/src/index.js";
/**
 * Puts the request id (Fastify's request.id: X-Request-Id or a new one, echoed in the
 * response) in scope for the handler, so the jobs it writes carry it.
 */
let RequestIdInterceptor = class RequestIdInterceptor {
    intercept(context, next) {
        const request = context.switchToHttp().getRequest();
        const requestId = typeof request.id === 'string' ? request.id : requestIdFrom(request.headers['x-request-id']);
        return new Observable((subscriber) => runWithRequestId(requestId, () => next.handle().subscribe(subscriber)));
    }
};
RequestIdInterceptor = __decorate([
    Injectable()
], RequestIdInterceptor);
export { RequestIdInterceptor };
//# sourceMappingURL=request-id.interceptor.js.map