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
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from "../../database/src/index.js";
/**
 * One notice e-mail to one recipient. The unique (event, recipient) pair is what keeps a
 * re-run job from sending twice; the claim columns stop two runs of the same job from
 * sending at once, and a claim left by a crashed worker lapses after a while (at-least-once).
 */
let SentEmailEntity = class SentEmailEntity {
    id;
    /** The audit event the e-mail tells of (the same id as the webhook's X-Event-Id). */
    eventId;
    /** Lower-cased address. */
    recipient;
    type;
    status;
    attempts;
    messageId;
    lastError;
    claimToken;
    claimedUntil;
    sentAt;
    createdAt;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], SentEmailEntity.prototype, "id", void 0);
__decorate([
    UuidColumn('event_id'),
    __metadata("design:type", String)
], SentEmailEntity.prototype, "eventId", void 0);
__decorate([
    Column({ type: 'varchar', length: 254 }),
    __metadata("design:type", String)
], SentEmailEntity.prototype, "recipient", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], SentEmailEntity.prototype, "type", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], SentEmailEntity.prototype, "status", void 0);
__decorate([
    Column({ type: 'int', default: 0 }),
    __metadata("design:type", Number)
], SentEmailEntity.prototype, "attempts", void 0);
__decorate([
    Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true }),
    __metadata("design:type", Object)
], SentEmailEntity.prototype, "messageId", void 0);
__decorate([
    Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true }),
    __metadata("design:type", Object)
], SentEmailEntity.prototype, "lastError", void 0);
__decorate([
    UuidColumn('claim_token', { nullable: true }),
    __metadata("design:type", Object)
], SentEmailEntity.prototype, "claimToken", void 0);
__decorate([
    TimeColumn('claimed_until', { nullable: true }),
    __metadata("design:type", Object)
], SentEmailEntity.prototype, "claimedUntil", void 0);
__decorate([
    TimeColumn('sent_at', { nullable: true }),
    __metadata("design:type", Object)
], SentEmailEntity.prototype, "sentAt", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], SentEmailEntity.prototype, "createdAt", void 0);
SentEmailEntity = __decorate([
    Entity('sent_emails'),
    Index('uq_sent_emails_event_recipient', ['eventId', 'recipient'], { unique: true })
], SentEmailEntity);
export { SentEmailEntity };
//# sourceMappingURL=sent-email.entity.js.map