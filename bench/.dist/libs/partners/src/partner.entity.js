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
import { TimeColumn, UuidPrimaryColumn } from "../../database/src/index.js";
let PartnerEntity = class PartnerEntity {
    id;
    name;
    description;
    certified;
    contactEmail;
    contactPhone;
    contactWebsite;
    services;
    webhookUrl;
    /** HMAC key for webhook signatures; shown to the partner only when created or rotated. */
    webhookSecret;
    createdAt;
    updatedAt;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], PartnerEntity.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 200 }),
    __metadata("design:type", String)
], PartnerEntity.prototype, "name", void 0);
__decorate([
    Column({ type: 'varchar', length: 2000, default: '' }),
    __metadata("design:type", String)
], PartnerEntity.prototype, "description", void 0);
__decorate([
    Column({ type: 'boolean' }),
    __metadata("design:type", Boolean)
], PartnerEntity.prototype, "certified", void 0);
__decorate([
    Column({ name: 'contact_email', type: 'varchar', length: 254 }),
    __metadata("design:type", String)
], PartnerEntity.prototype, "contactEmail", void 0);
__decorate([
    Column({ name: 'contact_phone', type: 'varchar', length: 50, nullable: true }),
    __metadata("design:type", Object)
], PartnerEntity.prototype, "contactPhone", void 0);
__decorate([
    Column({ name: 'contact_website', type: 'varchar', length: 2048, nullable: true }),
    __metadata("design:type", Object)
], PartnerEntity.prototype, "contactWebsite", void 0);
__decorate([
    Column({ type: 'json' }),
    __metadata("design:type", Array)
], PartnerEntity.prototype, "services", void 0);
__decorate([
    Column({ name: 'webhook_url', type: 'varchar', length: 2048, nullable: true }),
    __metadata("design:type", Object)
], PartnerEntity.prototype, "webhookUrl", void 0);
__decorate([
    Column({ name: 'webhook_secret', type: 'varchar', length: 128 }),
    __metadata("design:type", String)
], PartnerEntity.prototype, "webhookSecret", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], PartnerEntity.prototype, "createdAt", void 0);
__decorate([
    TimeColumn('updated_at'),
    __metadata("design:type", Date)
], PartnerEntity.prototype, "updatedAt", void 0);
PartnerEntity = __decorate([
    Entity('partners')
    // The catalogue lists certified partners by name; (certified, name, id) serves the filter,
    // the order and the keyset cursor from one index, and LIKE is checked on the index entries.
    ,
    Index('idx_partners_catalogue', ['certified', 'name', 'id'])
], PartnerEntity);
export { PartnerEntity };
//# sourceMappingURL=partner.entity.js.map