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
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateNested, } from 'class-validator';
import { SELLER_ROLES } from "../../../../libs/accounts/src/index.js";
import { PageQuery } from '../common/dto.js';
const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });
export class CreateAccountBody {
    name;
}
__decorate([
    ApiProperty({ example: 'Acme Electronics LLC' }),
    IsString(),
    NotBlank(),
    MaxLength(200),
    __metadata("design:type", String)
], CreateAccountBody.prototype, "name", void 0);
export class CreateSellerUserBody {
    email;
    name;
    role;
}
__decorate([
    ApiProperty({ example: 'anna@acme.example' }),
    IsEmail(),
    MaxLength(254),
    __metadata("design:type", String)
], CreateSellerUserBody.prototype, "email", void 0);
__decorate([
    ApiProperty({ example: 'Anna Admin' }),
    IsString(),
    NotBlank(),
    MaxLength(200),
    __metadata("design:type", String)
], CreateSellerUserBody.prototype, "name", void 0);
__decorate([
    ApiProperty({ enum: SELLER_ROLES }),
    IsIn(SELLER_ROLES),
    __metadata("design:type", String)
], CreateSellerUserBody.prototype, "role", void 0);
export class UpdateSellerUserBody {
    role;
    active;
}
__decorate([
    ApiPropertyOptional({ enum: SELLER_ROLES }),
    IsOptional(),
    IsIn(SELLER_ROLES),
    __metadata("design:type", String)
], UpdateSellerUserBody.prototype, "role", void 0);
__decorate([
    ApiPropertyOptional(),
    IsOptional(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], UpdateSellerUserBody.prototype, "active", void 0);
export class ContactsBody {
    email;
    phone;
    website;
}
__decorate([
    ApiProperty({ example: 'hello@integrator.example' }),
    IsEmail(),
    MaxLength(254),
    __metadata("design:type", String)
], ContactsBody.prototype, "email", void 0);
__decorate([
    ApiPropertyOptional({ example: '+7 495 000-00-00' }),
    IsOptional(),
    IsString(),
    MaxLength(50),
    __metadata("design:type", String)
], ContactsBody.prototype, "phone", void 0);
__decorate([
    ApiPropertyOptional({ example: 'https://integrator.example' }),
    IsOptional(),
    IsUrl({ require_protocol: true, protocols: ['http', 'https'] }),
    MaxLength(2048),
    __metadata("design:type", String)
], ContactsBody.prototype, "website", void 0);
export class CreatePartnerBody {
    name;
    description;
    certified;
    contacts;
    services;
    webhookUrl;
}
__decorate([
    ApiProperty({ example: 'Integrator Pro' }),
    IsString(),
    NotBlank(),
    MaxLength(200),
    __metadata("design:type", String)
], CreatePartnerBody.prototype, "name", void 0);
__decorate([
    ApiPropertyOptional({ example: 'Marketplace integrations and support.' }),
    IsOptional(),
    IsString(),
    MaxLength(2000),
    __metadata("design:type", String)
], CreatePartnerBody.prototype, "description", void 0);
__decorate([
    ApiProperty(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], CreatePartnerBody.prototype, "certified", void 0);
__decorate([
    ApiProperty({ type: ContactsBody }),
    IsNotEmpty(),
    ValidateNested(),
    Type(() => ContactsBody),
    __metadata("design:type", ContactsBody)
], CreatePartnerBody.prototype, "contacts", void 0);
__decorate([
    ApiPropertyOptional({ type: [String], example: ['API integration', 'Analytics'] }),
    IsOptional(),
    ArrayMaxSize(50),
    IsString({ each: true }),
    MaxLength(100, { each: true }),
    __metadata("design:type", Array)
], CreatePartnerBody.prototype, "services", void 0);
__decorate([
    ApiPropertyOptional({ example: 'https://integrator.example/hooks/partner-binding' }),
    IsOptional(),
    IsString(),
    MaxLength(2048),
    __metadata("design:type", String)
], CreatePartnerBody.prototype, "webhookUrl", void 0);
export class UpdatePartnerBody {
    certified;
    name;
    description;
    contacts;
    services;
}
__decorate([
    ApiPropertyOptional(),
    IsOptional(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], UpdatePartnerBody.prototype, "certified", void 0);
__decorate([
    ApiPropertyOptional(),
    IsOptional(),
    IsString(),
    NotBlank(),
    MaxLength(200),
    __metadata("design:type", String)
], UpdatePartnerBody.prototype, "name", void 0);
__decorate([
    ApiPropertyOptional(),
    IsOptional(),
    IsString(),
    MaxLength(2000),
    __metadata("design:type", String)
], UpdatePartnerBody.prototype, "description", void 0);
__decorate([
    ApiPropertyOptional({ type: ContactsBody }),
    IsOptional(),
    ValidateNested(),
    Type(() => ContactsBody),
    __metadata("design:type", ContactsBody)
], UpdatePartnerBody.prototype, "contacts", void 0);
__decorate([
    ApiPropertyOptional({ type: [String] }),
    IsOptional(),
    ArrayMaxSize(50),
    IsString({ each: true }),
    MaxLength(100, { each: true }),
    __metadata("design:type", Array)
], UpdatePartnerBody.prototype, "services", void 0);
export class CreatePartnerUserBody {
    email;
    name;
}
__decorate([
    ApiProperty({ example: 'ivan@integrator.example' }),
    IsEmail(),
    MaxLength(254),
    __metadata("design:type", String)
], CreatePartnerUserBody.prototype, "email", void 0);
__decorate([
    ApiProperty({ example: 'Ivan Partner' }),
    IsString(),
    NotBlank(),
    MaxLength(200),
    __metadata("design:type", String)
], CreatePartnerUserBody.prototype, "name", void 0);
export class UpdatePartnerUserBody {
    active;
}
__decorate([
    ApiProperty(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], UpdatePartnerUserBody.prototype, "active", void 0);
export class MintTokenBody {
    userId;
    ttlSeconds;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    IsString(),
    MaxLength(64),
    __metadata("design:type", String)
], MintTokenBody.prototype, "userId", void 0);
__decorate([
    ApiPropertyOptional({ minimum: 1, maximum: 86400, default: 3600 }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(86400),
    __metadata("design:type", Number)
], MintTokenBody.prototype, "ttlSeconds", void 0);
export class OperatorUserListQuery extends PageQuery {
    kind;
}
__decorate([
    ApiPropertyOptional({ enum: ['seller', 'partner'], description: 'Only seller users or only partner users (default both: sellers first, each by e-mail).' }),
    IsOptional(),
    IsIn(['seller', 'partner']),
    __metadata("design:type", String)
], OperatorUserListQuery.prototype, "kind", void 0);
//# sourceMappingURL=operator.dto.js.map