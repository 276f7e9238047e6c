var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from "../../accounts/src/index.js";
import { PartnersModule } from "../../partners/src/index.js";
import { BindingEntity } from './binding.entity.js';
import { BindingEventEntity } from './binding-event.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { BindingsService } from './bindings.service.js';
import { IdempotencyStore } from './idempotency.store.js';
export const BINDINGS_ENTITIES = [BindingEntity, BindingEventEntity, IdempotencyKeyEntity];
let BindingsModule = class BindingsModule {
};
BindingsModule = __decorate([
    Module({
        imports: [TypeOrmModule.forFeature(BINDINGS_ENTITIES), AccountsModule, PartnersModule],
        providers: [BindingsService, IdempotencyStore],
        exports: [BindingsService],
    })
], BindingsModule);
export { BindingsModule };
//# sourceMappingURL=bindings.module.js.map