var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnerEntity } from './partner.entity.js';
import { PartnerUserEntity } from './partner-user.entity.js';
import { PartnersService } from './partners.service.js';
export const PARTNERS_ENTITIES = [PartnerEntity, PartnerUserEntity];
let PartnersModule = class PartnersModule {
};
PartnersModule = __decorate([
    Module({
        imports: [TypeOrmModule.forFeature(PARTNERS_ENTITIES)],
        providers: [PartnersService],
        exports: [PartnersService],
    })
], PartnersModule);
export { PartnersModule };
//# sourceMappingURL=partners.module.js.map