var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { BINDING_STATUSES } from "../../../../libs/bindings/src/index.js";
import { CommaSeparated, PageQuery, StatusSet } from '../common/dto.js';
export class DeclineBody {
    reason;
}
__decorate([
    ApiPropertyOptional({ maxLength: 500, example: 'We do not serve this region yet.' }),
    IsOptional(),
    IsString(),
    MaxLength(500),
    __metadata("design:type", String)
], DeclineBody.prototype, "reason", void 0);
export class WebhookBody {
    url;
}
__decorate([
    ApiProperty({ example: 'https://integrator.example/hooks/partner-binding', description: 'https (http to loopback only when ALLOW_HTTP_WEBHOOKS=true).' }),
    IsString(),
    MaxLength(2048),
    __metadata("design:type", String)
], WebhookBody.prototype, "url", void 0);
export class RequestListQuery extends PageQuery {
    status;
}
__decorate([
    ApiPropertyOptional({ example: 'pending', type: String }),
    IsOptional(),
    CommaSeparated(),
    StatusSet(BINDING_STATUSES),
    __metadata("design:type", Array)
], RequestListQuery.prototype, "status", void 0);
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'];
export class DeliveryListQuery extends PageQuery {
    status;
}
__decorate([
    ApiPropertyOptional({ example: 'failed', type: String }),
    IsOptional(),
    CommaSeparated(),
    StatusSet(DELIVERY_STATUSES),
    __metadata("design:type", Array)
], DeliveryListQuery.prototype, "status", void 0);
//# sourceMappingURL=partner.dto.js.map