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
/** An in-app notice to a seller account. Its id is the event id, so a re-run job cannot add it twice. */
let SellerNoticeEntity = class SellerNoticeEntity {
    id;
    accountId;
    type;
    bindingId;
    partnerId;
    createdAt;
    readAt;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], SellerNoticeEntity.prototype, "id", void 0);
__decorate([
    UuidColumn('account_id'),
    __metadata("design:type", String)
], SellerNoticeEntity.prototype, "accountId", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], SellerNoticeEntity.prototype, "type", void 0);
__decorate([
    UuidColumn('binding_id'),
    __metadata("design:type", String)
], SellerNoticeEntity.prototype, "bindingId", void 0);
__decorate([
    UuidColumn('partner_id'),
    __metadata("design:type", String)
], SellerNoticeEntity.prototype, "partnerId", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], SellerNoticeEntity.prototype, "createdAt", void 0);
__decorate([
    TimeColumn('read_at', { nullable: true }),
    __metadata("design:type", Object)
], SellerNoticeEntity.prototype, "readAt", void 0);
SellerNoticeEntity = __decorate([
    Entity('seller_notices'),
    Index('idx_seller_notices_account', ['accountId', 'createdAt', 'id'])
], SellerNoticeEntity);
export { SellerNoticeEntity };
//# sourceMappingURL=seller-notice.entity.js.map