var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, Index, VersionColumn } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from "../../database/src/index.js";
let BindingEntity = class BindingEntity {
    id;
    accountId;
    partnerId;
    /**
     * partner_id while the binding is live, NULL once it has ended: the unique index on
     * (account_id, live_partner_id) lets the database refuse a second live binding.
     * Set on insert and cleared by the same UPDATE that ends the binding.
     */
    livePartnerId;
    status;
    requestedBy;
    requestedAt;
    expiresAt;
    respondedBy;
    respondedAt;
    cancelledBy;
    cancelledAt;
    declineReason;
    /** Bumped by every transition; transitions are conditional on it (see BindingsService). */
    version;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], BindingEntity.prototype, "id", void 0);
__decorate([
    UuidColumn('account_id'),
    __metadata("design:type", String)
], BindingEntity.prototype, "accountId", void 0);
__decorate([
    UuidColumn('partner_id'),
    __metadata("design:type", String)
], BindingEntity.prototype, "partnerId", void 0);
__decorate([
    UuidColumn('live_partner_id', { nullable: true }),
    __metadata("design:type", Object)
], BindingEntity.prototype, "livePartnerId", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BindingEntity.prototype, "status", void 0);
__decorate([
    UuidColumn('requested_by'),
    __metadata("design:type", String)
], BindingEntity.prototype, "requestedBy", void 0);
__decorate([
    TimeColumn('requested_at'),
    __metadata("design:type", Date)
], BindingEntity.prototype, "requestedAt", void 0);
__decorate([
    TimeColumn('expires_at'),
    __metadata("design:type", Date)
], BindingEntity.prototype, "expiresAt", void 0);
__decorate([
    UuidColumn('responded_by', { nullable: true }),
    __metadata("design:type", Object)
], BindingEntity.prototype, "respondedBy", void 0);
__decorate([
    TimeColumn('responded_at', { nullable: true }),
    __metadata("design:type", Object)
], BindingEntity.prototype, "respondedAt", void 0);
__decorate([
    UuidColumn('cancelled_by', { nullable: true }),
    __metadata("design:type", Object)
], BindingEntity.prototype, "cancelledBy", void 0);
__decorate([
    TimeColumn('cancelled_at', { nullable: true }),
    __metadata("design:type", Object)
], BindingEntity.prototype, "cancelledAt", void 0);
__decorate([
    Column({ name: 'decline_reason', type: 'varchar', length: 500, nullable: true }),
    __metadata("design:type", Object)
], BindingEntity.prototype, "declineReason", void 0);
__decorate([
    VersionColumn({ default: 1 }),
    __metadata("design:type", Number)
], BindingEntity.prototype, "version", void 0);
BindingEntity = __decorate([
    Entity('bindings')
    // At most one live (pending or active) binding per (account, partner); NULLs do not collide.
    ,
    Index('uq_bindings_live', ['accountId', 'livePartnerId'], { unique: true }),
    Index('idx_bindings_account', ['accountId', 'requestedAt', 'id']),
    Index('idx_bindings_partner', ['partnerId', 'requestedAt', 'id']),
    Index('idx_bindings_expiry', ['status', 'expiresAt'])
], BindingEntity);
export { BindingEntity };
//# sourceMappingURL=binding.entity.js.map