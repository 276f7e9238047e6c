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
let SellerUserEntity = class SellerUserEntity {
    id;
    accountId;
    email;
    name;
    role;
    active;
    createdAt;
    updatedAt;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], SellerUserEntity.prototype, "id", void 0);
__decorate([
    UuidColumn('account_id'),
    __metadata("design:type", String)
], SellerUserEntity.prototype, "accountId", void 0);
__decorate([
    Column({ type: 'varchar', length: 254 }),
    __metadata("design:type", String)
], SellerUserEntity.prototype, "email", void 0);
__decorate([
    Column({ type: 'varchar', length: 200 }),
    __metadata("design:type", String)
], SellerUserEntity.prototype, "name", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], SellerUserEntity.prototype, "role", void 0);
__decorate([
    Column({ type: 'boolean', default: true }),
    __metadata("design:type", Boolean)
], SellerUserEntity.prototype, "active", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], SellerUserEntity.prototype, "createdAt", void 0);
__decorate([
    TimeColumn('updated_at'),
    __metadata("design:type", Date)
], SellerUserEntity.prototype, "updatedAt", void 0);
SellerUserEntity = __decorate([
    Entity('seller_users'),
    Index('uq_seller_users_email', ['email'], { unique: true }),
    Index('idx_seller_users_account', ['accountId', 'role'])
], SellerUserEntity);
export { SellerUserEntity };
//# sourceMappingURL=seller-user.entity.js.map