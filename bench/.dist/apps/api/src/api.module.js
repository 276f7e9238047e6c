var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var ApiModule_1;
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from "../../../libs/accounts/src/index.js";
import { AuthGuard, AuthModule } from "../../../libs/auth/src/index.js";
import { BindingsModule } from "../../../libs/bindings/src/index.js";
import { ConfigModule } from "../../../libs/config/src/index.js";
import { DatabaseModule } from "../../../libs/database/src/index.js";
import { HealthModule, MetricsModule } from "../../../libs/health/src/index.js";
import { NotificationsModule } from "../../../libs/notifications/src/index.js";
import { PartnersModule } from "../../../libs/partners/src/index.js";
import { QueueModule } from "../../../libs/queue/src/index.js";
import { BindingsController } from './bindings/bindings.controller.js';
import { CabinetModule } from './cabinet/cabinet.module.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { HttpLoggingModule } from './http/http-logging.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RequestIdInterceptor } from './http/request-id.interceptor.js';
import { RequestValidationPipe } from './http/request-validation.pipe.js';
import { ownershipChecks } from './http/ownership.js';
import { MeController } from './me/me.controller.js';
import { OperatorController } from './operator/operator.controller.js';
import { PartnerController } from './partner/partner.controller.js';
/** The HTTP API: controllers over the domain modules. It produces jobs (via the outbox), never consumes them. */
let ApiModule = ApiModule_1 = class ApiModule {
    static forRoot(config) {
        return {
            module: ApiModule_1,
            imports: [
                ConfigModule.forRoot(config),
                HttpLoggingModule,
                DatabaseModule.forRoot(),
                QueueModule.forRoot(),
                AuthModule,
                AccountsModule,
                PartnersModule,
                BindingsModule,
                NotificationsModule,
                HealthModule,
                MetricsModule,
                CabinetModule,
            ],
            controllers: [OperatorController, MeController, CatalogueController, BindingsController, PartnerController],
            providers: [
                ownershipChecks,
                { provide: APP_GUARD, useClass: AuthGuard },
                { provide: APP_PIPE, useClass: RequestValidationPipe },
                { provide: APP_FILTER, useClass: ProblemFilter },
                { provide: APP_INTERCEPTOR, useClass: RequestIdInterceptor },
            ],
        };
    }
};
ApiModule = ApiModule_1 = __decorate([
    Module({})
], ApiModule);
export { ApiModule };
//# sourceMappingURL=api.module.js.map