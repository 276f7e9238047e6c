import { QueryFailedError } from 'typeorm';
/** True when an INSERT/UPDATE hit a unique index: the database said "already exists". */
export function isDuplicateKey(error) {
    return error instanceof QueryFailedError && error.driverError?.code === 'ER_DUP_ENTRY';
}
//# sourceMappingURL=duplicate-key.js.map