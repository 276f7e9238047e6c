export class DomainError extends Error {
    code;
    fieldProblems;
    constructor(code, message, fieldProblems) {
        super(message);
        this.code = code;
        this.fieldProblems = fieldProblems;
        this.name = new.target.name;
    }
}
export class ValidationFailedError extends DomainError {
    constructor(message, fieldProblems = []) {
        super('VALIDATION_FAILED', message, fieldProblems);
    }
}
export class NotFoundError extends DomainError {
    constructor(what) {
        super('NOT_FOUND', `${what} was not found.`);
    }
}
export class ForbiddenError extends DomainError {
    constructor(message) {
        super('FORBIDDEN', message);
    }
}
export class UnauthenticatedError extends DomainError {
    constructor(message = 'A valid bearer token is required.') {
        super('UNAUTHENTICATED', message);
    }
}
export class InvalidStateError extends DomainError {
    constructor(message) {
        super('INVALID_STATE', message);
    }
}
export class UnavailableError extends DomainError {
    constructor(message = 'A backing service is unavailable; nothing was changed. Try again shortly.') {
        super('UNAVAILABLE', message);
    }
}
//# sourceMappingURL=domain-error.js.map