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
let PartnerUserEntity = class PartnerUserEntity {
    id;
    partnerId;
    email;
    name;
    active;
    createdAt;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], PartnerUserEntity.prototype, "id", void 0);
__decorate([
    UuidColumn('partner_id'),
    __metadata("design:type", String)
], PartnerUserEntity.prototype, "partnerId", void 0);
__decorate([
    Column({ type: 'varchar', length: 254 }),
    __metadata("design:type", String)
], PartnerUserEntity.prototype, "email", void 0);
__decorate([
    Column({ type: 'varchar', length: 200 }),
    __metadata("design:type", String)
], PartnerUserEntity.prototype, "name", void 0);
__decorate([
    Column({ type: 'boolean', default: true }),
    __metadata("design:type", Boolean)
], PartnerUserEntity.prototype, "active", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], PartnerUserEntity.prototype, "createdAt", void 0);
PartnerUserEntity = __decorate([
    Entity('partner_users'),
    Index('uq_partner_users_email', ['email'], { unique: true }),
    Index('idx_partner_users_partner', ['partnerId'])
], PartnerUserEntity);
export { PartnerUserEntity };
//# sourceMappingURL=partner-user.entity.js.map