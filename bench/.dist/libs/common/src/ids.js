import { v7, validate } from 'uuid';
/** Time-ordered UUIDs (v7): new rows land at the end of the primary-key index. */
export function newId() {
    return v7();
}
export function isUuid(value) {
    return typeof value === 'string' && validate(value);
}
//# sourceMappingURL=ids.js.map