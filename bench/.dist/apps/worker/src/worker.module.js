var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var WorkerModule_1;
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { BindingsModule } from "../../../libs/bindings/src/index.js";
import { createRootLogger } from "../../../libs/common/src/index.js";
import { APP_CONFIG, ConfigModule } from "../../../libs/config/src/index.js";
import { DatabaseModule } from "../../../libs/database/src/index.js";
import { HealthModule, MetricsModule } from "../../../libs/health/src/index.js";
import { MailModule } from "../../../libs/mail/src/index.js";
import { NotificationsModule } from "../../../libs/notifications/src/index.js";
import { ALL_JOBS, QueueModule } from "../../../libs/queue/src/index.js";
import { DrainOnShutdown } from './drain-on-shutdown.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { BindingExpiryProcessor } from './processors/binding-expiry.processor.js';
import { EmailProcessor } from './processors/email.processor.js';
import { PartnerWebhookProcessor } from './processors/partner-webhook.processor.js';
import { SellerNoticeProcessor } from './processors/seller-notice.processor.js';
export const PROCESSORS = [PartnerWebhookProcessor, SellerNoticeProcessor, BindingExpiryProcessor, EmailProcessor];
/** Fails start-up when a job name has no processor: such jobs would sit in Redis forever. */
export function assertEveryJobHasAProcessor(processors) {
    const handled = new Set(processors.flatMap((processor) => processor.handles));
    const missing = ALL_JOBS.filter((job) => !handled.has(job));
    if (missing.length > 0)
        throw new Error(`No processor handles job(s): ${missing.join(', ')}`);
}
/** The queue consumers and the outbox relay. No public HTTP: only health on WORKER_HTTP_PORT. */
let WorkerModule = WorkerModule_1 = class WorkerModule {
    static forRoot(config) {
        return {
            module: WorkerModule_1,
            imports: [
                ConfigModule.forRoot(config),
                // JSON logs; inside a job every line carries the request id of the HTTP call that caused it.
                LoggerModule.forRootAsync({
                    inject: [APP_CONFIG],
                    useFactory: (appConfig) => ({
                        pinoHttp: { logger: createRootLogger({ level: appConfig.logLevel, role: 'worker' }), autoLogging: false, quietReqLogger: true },
                    }),
                }),
                DatabaseModule.forRoot(),
                QueueModule.forRoot(),
                BindingsModule,
                NotificationsModule,
                MailModule,
                HealthModule,
                DiscoveryModule,
                MetricsModule,
            ],
            providers: [...PROCESSORS, OutboxRelay, DrainOnShutdown],
            exports: [OutboxRelay],
        };
    }
    onModuleInit() {
        assertEveryJobHasAProcessor(PROCESSORS);
    }
};
WorkerModule = WorkerModule_1 = __decorate([
    Module({})
], WorkerModule);
export { WorkerModule };
//# sourceMappingURL=worker.module.js.map