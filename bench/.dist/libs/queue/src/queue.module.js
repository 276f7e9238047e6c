var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
var QueueModule_1;
import { Global, Inject, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG } from "../../config/src/index.js";
import { ALL_QUEUES } from './job-map.js';
import { OutboxSignal } from './outbox-signal.js';
import { REDIS, createRedis, redisOptions } from './redis.js';
/** Completed jobs stay an hour (so a republished outbox row with the same jobId is a no-op), failed ones a week. */
export const DEFAULT_JOB_OPTIONS = {
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
};
/** Registers every queue by name with one shared connection setup (producers only; workers live in apps/worker). */
let QueueModule = QueueModule_1 = class QueueModule {
    redis;
    static forRoot() {
        const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
        return {
            module: QueueModule_1,
            imports: [
                BullModule.forRootAsync({
                    inject: [APP_CONFIG],
                    useFactory: (config) => ({
                        prefix: config.redis.queuePrefix,
                        connection: redisOptions(config, 'bullmq'),
                        defaultJobOptions: DEFAULT_JOB_OPTIONS,
                    }),
                }),
                queues,
            ],
            providers: [{ provide: REDIS, inject: [APP_CONFIG], useFactory: (config) => createRedis(config) }, OutboxSignal],
            exports: [queues, REDIS, OutboxSignal],
        };
    }
    constructor(redis) {
        this.redis = redis;
    }
    async onApplicationShutdown() {
        await this.redis.quit().catch(() => this.redis.disconnect());
    }
};
QueueModule = QueueModule_1 = __decorate([
    Global(),
    Module({}),
    __param(0, Inject(REDIS)),
    __metadata("design:paramtypes", [Function])
], QueueModule);
export { QueueModule };
//# sourceMappingURL=queue.module.js.map