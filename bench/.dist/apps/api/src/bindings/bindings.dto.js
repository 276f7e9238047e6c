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
import { IsOptional, IsString, Matches } from 'class-validator';
import { BINDING_STATUSES } from "../../../../libs/bindings/src/index.js";
import { CommaSeparated, PageQuery, StatusSet, UUID_PATTERN } from '../common/dto.js';
export class CreateBindingBody {
    partnerId;
}
__decorate([
    ApiProperty({ format: 'uuid', description: 'The certified partner to bind.' }),
    IsString(),
    Matches(UUID_PATTERN, { message: 'partnerId must be a UUID' }),
    __metadata("design:type", String)
], CreateBindingBody.prototype, "partnerId", void 0);
export class BindingListQuery extends PageQuery {
    status;
}
__decorate([
    ApiPropertyOptional({ description: 'Comma-separated statuses.', example: 'pending,active', type: String }),
    IsOptional(),
    CommaSeparated(),
    StatusSet(BINDING_STATUSES),
    __metadata("design:type", Array)
], BindingListQuery.prototype, "status", void 0);
//# sourceMappingURL=bindings.dto.js.map