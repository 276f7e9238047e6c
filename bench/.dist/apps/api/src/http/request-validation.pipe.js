var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Injectable, ValidationPipe } from '@nestjs/common';
import { DomainError, ValidationFailedError } from "../../../../libs/common/src/index.js";
import { MALFORMED_JSON, UNSUPPORTED_MEDIA } from './json-body.js';
function flatten(errors, parent = '') {
    return errors.flatMap((error) => {
        const field = parent ? `${parent}.${error.property}` : error.property;
        const own = Object.values(error.constraints ?? {}).map((message) => ({
            field,
            // class-validator's whitelist message names the property itself; say it plainly.
            message: message.includes('should not exist') ? 'unknown field' : message,
        }));
        return [...own, ...flatten(error.children ?? [], field)];
    });
}
const exceptionFactory = (where) => (errors) => new ValidationFailedError(`The request ${where} is not valid.`, flatten(errors));
/**
 * Bodies are strict (unknown fields are a 400); query strings ignore unknown
 * parameters but refuse bad values of known ones (SPEC §4).
 */
let RequestValidationPipe = class RequestValidationPipe {
    body = new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true, exceptionFactory: exceptionFactory('body') });
    query = new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: false, exceptionFactory: exceptionFactory('query') });
    async transform(value, metadata) {
        if (metadata.type === 'body') {
            if (value === MALFORMED_JSON)
                throw new ValidationFailedError('The request body is not valid JSON.', [{ field: 'body', message: 'malformed JSON' }]);
            if (value === UNSUPPORTED_MEDIA)
                throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be sent as application/json.');
            const body = value === undefined ? {} : value;
            if (body === null || typeof body !== 'object' || Array.isArray(body)) {
                throw new ValidationFailedError('The request body must be a JSON object.', [{ field: 'body', message: 'must be an object' }]);
            }
            return this.body.transform(body, metadata);
        }
        if (metadata.type === 'query')
            return this.query.transform(value ?? {}, metadata);
        return value;
    }
};
RequestValidationPipe = __decorate([
    Injectable()
], RequestValidationPipe);
export { RequestValidationPipe };
//# sourceMappingURL=request-validation.pipe.js.map