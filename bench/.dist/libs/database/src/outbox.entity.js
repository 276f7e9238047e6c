var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from './columns.js';
/**
 * A job that a committed state change implies, written in the same transaction as
 * the change (transactional outbox). The relay publishes it to BullMQ with
 * jobId = id, then deletes it; a crash in between only republishes the same jobId.
 */
let OutboxEntity = class OutboxEntity {
    id;
    queueName;
    jobName;
    payload;
    /** Milliseconds BullMQ should hold the job before running it (expiry timers). */
    delayMs;
    createdAt;
    /** The X-Request-Id of the request that caused the job; workers and webhooks carry it on. */
    requestId;
    /** A relay's lease on this row; expired leases are taken over by another relay. */
    claimToken;
    claimedUntil;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], OutboxEntity.prototype, "id", void 0);
__decorate([
    Column({ name: 'queue_name', type: 'varchar', length: 64 }),
    __metadata("design:type", String)
], OutboxEntity.prototype, "queueName", void 0);
__decorate([
    Column({ name: 'job_name', type: 'varchar', length: 64 }),
    __metadata("design:type", String)
], OutboxEntity.prototype, "jobName", void 0);
__decorate([
    Column({ name: 'payload', type: 'json' }),
    __metadata("design:type", Object)
], OutboxEntity.prototype, "payload", void 0);
__decorate([
    Column({ name: 'delay_ms', type: 'bigint', default: 0, transformer: { to: (v) => v, from: (v) => Number(v) } }),
    __metadata("design:type", Number)
], OutboxEntity.prototype, "delayMs", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], OutboxEntity.prototype, "createdAt", void 0);
__decorate([
    Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true }),
    __metadata("design:type", Object)
], OutboxEntity.prototype, "requestId", void 0);
__decorate([
    UuidColumn('claim_token', { nullable: true }),
    __metadata("design:type", Object)
], OutboxEntity.prototype, "claimToken", void 0);
__decorate([
    TimeColumn('claimed_until', { nullable: true }),
    __metadata("design:type", Object)
], OutboxEntity.prototype, "claimedUntil", void 0);
OutboxEntity = __decorate([
    Entity('outbox'),
    Index('idx_outbox_claim', ['claimToken'])
], OutboxEntity);
export { OutboxEntity };
//# sourceMappingURL=outbox.entity.js.map