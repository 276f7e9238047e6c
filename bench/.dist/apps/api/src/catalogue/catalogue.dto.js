var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../common/dto.js';
export class CatalogueQuery extends PageQuery {
    q;
}
__decorate([
    ApiPropertyOptional({ description: 'Part of the partner’s name (case-insensitive).', example: 'integr' }),
    IsOptional(),
    IsString(),
    MaxLength(200),
    __metadata("design:type", String)
], CatalogueQuery.prototype, "q", void 0);
//# sourceMappingURL=catalogue.dto.js.map