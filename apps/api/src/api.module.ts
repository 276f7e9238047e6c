import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from '@app/accounts';
import { AuthGuard, AuthModule } from '@app/auth';
import { BindingsModule } from '@app/bindings';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule, MetricsModule } from '@app/health';
import { NotificationsModule } from '@app/notifications';
import { PartnersModule } from '@app/partners';
import { QueueModule } from '@app/queue';
import { AuditController } from './audit/audit.controller.js';
import { BindingsController } from './bindings/bindings.controller.js';
import { CabinetModule } from './cabinet/cabinet.module.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RequestValidationPipe } from './http/request-validation.pipe.js';
import { ownershipChecks } from './http/ownership.js';
import { MeController } from './me/me.controller.js';
import { OperatorController } from './operator/operator.controller.js';
import { PartnerController } from './partner/partner.controller.js';
import { SellerWebhookController } from './seller-webhook/seller-webhook.controller.js';

/** The HTTP API: controllers over the domain modules. It produces jobs (via the outbox), never consumes them. */
@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
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
      controllers: [OperatorController, MeController, CatalogueController, BindingsController, SellerWebhookController, PartnerController, AuditController],
      providers: [
        ownershipChecks,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
