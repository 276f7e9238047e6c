var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimeColumn, UuidColumn } from "../../database/src/index.js";
/**
 * An Idempotency-Key seen on a binding request, scoped to the user, kept 24 h.
 * The primary key makes concurrent first uses race in the database: one wins.
 */
let IdempotencyKeyEntity = class IdempotencyKeyEntity {
    userId;
    key;
    /** SHA-256 of the request (path and body): another body under the same key is refused. */
    requestHash;
    state;
    responseStatus;
    responseBody;
    createdAt;
    updatedAt;
    expiresAt;
};
__decorate([
    UuidColumn('user_id', { primary: true }),
    __metadata("design:type", String)
], IdempotencyKeyEntity.prototype, "userId", void 0);
__decorate([
    PrimaryColumn({ name: 'idem_key', type: 'varchar', length: 255, charset: 'utf8mb4', collation: 'utf8mb4_bin' }),
    __metadata("design:type", String)
], IdempotencyKeyEntity.prototype, "key", void 0);
__decorate([
    Column({ name: 'request_hash', type: 'char', length: 64, charset: 'ascii', collation: 'ascii_bin' }),
    __metadata("design:type", String)
], IdempotencyKeyEntity.prototype, "requestHash", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], IdempotencyKeyEntity.prototype, "state", void 0);
__decorate([
    Column({ name: 'response_status', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], IdempotencyKeyEntity.prototype, "responseStatus", void 0);
__decorate([
    Column({ name: 'response_body', type: 'json', nullable: true }),
    __metadata("design:type", Object)
], IdempotencyKeyEntity.prototype, "responseBody", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], IdempotencyKeyEntity.prototype, "createdAt", void 0);
__decorate([
    TimeColumn('updated_at'),
    __metadata("design:type", Date)
], IdempotencyKeyEntity.prototype, "updatedAt", void 0);
__decorate([
    TimeColumn('expires_at'),
    __metadata("design:type", Date)
], IdempotencyKeyEntity.prototype, "expiresAt", void 0);
IdempotencyKeyEntity = __decorate([
    Entity('idempotency_keys'),
    Index('idx_idempotency_keys_expiry', ['expiresAt'])
], IdempotencyKeyEntity);
export { IdempotencyKeyEntity };
//# sourceMappingURL=idempotency-key.entity.js.map