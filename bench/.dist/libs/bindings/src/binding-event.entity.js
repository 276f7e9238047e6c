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
/** The audit trail: one row per transition, written in the transition's transaction. */
let BindingEventEntity = class BindingEventEntity {
    /** Also the notices' event id, so receivers de-duplicate on it. */
    id;
    bindingId;
    type;
    actorId;
    actorKind;
    fromStatus;
    toStatus;
    at;
    data;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], BindingEventEntity.prototype, "id", void 0);
__decorate([
    UuidColumn('binding_id'),
    __metadata("design:type", String)
], BindingEventEntity.prototype, "bindingId", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], BindingEventEntity.prototype, "type", void 0);
__decorate([
    UuidColumn('actor_id', { nullable: true }),
    __metadata("design:type", Object)
], BindingEventEntity.prototype, "actorId", void 0);
__decorate([
    Column({ name: 'actor_kind', type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BindingEventEntity.prototype, "actorKind", void 0);
__decorate([
    Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true }),
    __metadata("design:type", Object)
], BindingEventEntity.prototype, "fromStatus", void 0);
__decorate([
    Column({ name: 'to_status', type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BindingEventEntity.prototype, "toStatus", void 0);
__decorate([
    TimeColumn('at'),
    __metadata("design:type", Date)
], BindingEventEntity.prototype, "at", void 0);
__decorate([
    Column({ type: 'json', nullable: true }),
    __metadata("design:type", Object)
], BindingEventEntity.prototype, "data", void 0);
BindingEventEntity = __decorate([
    Entity('binding_events'),
    Index('idx_binding_events_binding', ['bindingId', 'at', 'id'])
], BindingEventEntity);
export { BindingEventEntity };
//# sourceMappingURL=binding-event.entity.js.map