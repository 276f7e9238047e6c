var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity } from 'typeorm';
import { TimeColumn, UuidPrimaryColumn } from "../../database/src/index.js";
let AccountEntity = class AccountEntity {
    id;
    name;
    createdAt;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], AccountEntity.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 200 }),
    __metadata("design:type", String)
], AccountEntity.prototype, "name", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], AccountEntity.prototype, "createdAt", void 0);
AccountEntity = __decorate([
    Entity('accounts')
], AccountEntity);
export { AccountEntity };
//# sourceMappingURL=account.entity.js.map