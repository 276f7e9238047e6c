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
/** One notice to one partner's endpoint, with its attempts: the partner's delivery log. */
let WebhookDeliveryEntity = class WebhookDeliveryEntity {
    id;
    eventId;
    partnerId;
    type;
    /** The exact bytes sent (and signed) on every attempt, so retries are identical. */
    body;
    status;
    attempts;
    lastStatusCode;
    lastError;
    nextAttemptAt;
    deliveredAt;
    createdAt;
};
__decorate([
    UuidPrimaryColumn(),
    __metadata("design:type", String)
], WebhookDeliveryEntity.prototype, "id", void 0);
__decorate([
    UuidColumn('event_id'),
    __metadata("design:type", String)
], WebhookDeliveryEntity.prototype, "eventId", void 0);
__decorate([
    UuidColumn('partner_id'),
    __metadata("design:type", String)
], WebhookDeliveryEntity.prototype, "partnerId", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], WebhookDeliveryEntity.prototype, "type", void 0);
__decorate([
    Column({ type: 'text' }),
    __metadata("design:type", String)
], WebhookDeliveryEntity.prototype, "body", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], WebhookDeliveryEntity.prototype, "status", void 0);
__decorate([
    Column({ type: 'int', default: 0 }),
    __metadata("design:type", Number)
], WebhookDeliveryEntity.prototype, "attempts", void 0);
__decorate([
    Column({ name: 'last_status_code', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], WebhookDeliveryEntity.prototype, "lastStatusCode", void 0);
__decorate([
    Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }),
    __metadata("design:type", Object)
], WebhookDeliveryEntity.prototype, "lastError", void 0);
__decorate([
    TimeColumn('next_attempt_at', { nullable: true }),
    __metadata("design:type", Object)
], WebhookDeliveryEntity.prototype, "nextAttemptAt", void 0);
__decorate([
    TimeColumn('delivered_at', { nullable: true }),
    __metadata("design:type", Object)
], WebhookDeliveryEntity.prototype, "deliveredAt", void 0);
__decorate([
    TimeColumn('created_at'),
    __metadata("design:type", Date)
], WebhookDeliveryEntity.prototype, "createdAt", void 0);
WebhookDeliveryEntity = __decorate([
    Entity('webhook_deliveries'),
    Index('uq_webhook_deliveries_event', ['eventId'], { unique: true }),
    Index('idx_webhook_deliveries_partner', ['partnerId', 'createdAt', 'id'])
], WebhookDeliveryEntity);
export { WebhookDeliveryEntity };
//# sourceMappingURL=webhook-delivery.entity.js.map