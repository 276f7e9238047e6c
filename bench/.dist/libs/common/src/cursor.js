import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationFailedError } from './domain-error.js';
/**
 * Opaque, tamper-evident list cursors: the sort key of the last item, as JSON,
 * base64url-encoded and signed. A cursor that was altered or belongs to another
 * list is refused with a 400 rather than silently paging from somewhere else.
 */
export class CursorCodec {
    key;
    constructor(key) {
        this.key = key;
    }
    encode(list, position) {
        const body = Buffer.from(JSON.stringify(position)).toString('base64url');
        return `${body}.${this.sign(list, body)}`;
    }
    decode(list, cursor) {
        const invalid = () => new ValidationFailedError('The cursor is not valid for this list.', [{ field: 'cursor', message: 'invalid cursor' }]);
        const [body, signature, extra] = cursor.split('.');
        if (!body || !signature || extra !== undefined)
            throw invalid();
        const expected = Buffer.from(this.sign(list, body));
        const given = Buffer.from(signature);
        if (expected.length !== given.length || !timingSafeEqual(expected, given))
            throw invalid();
        try {
            const position = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
            if (!Array.isArray(position) || !position.every((v) => typeof v === 'string' || typeof v === 'number'))
                throw invalid();
            return position;
        }
        catch {
            throw invalid();
        }
    }
    sign(list, body) {
        return createHmac('sha256', this.key).update(`cursor:${list}:${body}`).digest('base64url').slice(0, 22);
    }
}
//# sourceMappingURL=cursor.js.map