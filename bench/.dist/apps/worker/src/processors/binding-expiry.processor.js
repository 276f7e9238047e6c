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
var BindingExpiryProcessor_1;
import { Inject, Logger } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { DelayedError } from 'bullmq';
import { BindingsService } from "../../../../libs/bindings/src/index.js";
import { JobName, QueueName } from "../../../../libs/queue/src/index.js";
import { RequestScopedWorkerHost } from './request-scoped.worker-host.js';
import { backoffStrategy } from './retry-later.js';
/** How often the safety-net sweep looks for overdue requests whose expiry job went missing. */
export const EXPIRY_SWEEP_EVERY_MS = 60_000;
/**
 * Expires pending requests: one delayed job per request, plus a periodic sweep.
 * Both go through the same conditional update, so a request expires exactly once.
 */
let BindingExpiryProcessor = class BindingExpiryProcessor extends RequestScopedWorkerHost {
    static { BindingExpiryProcessor_1 = this; }
    bindings;
    queue;
    static handles = [JobName.ExpireBinding, JobName.SweepExpiredBindings];
    logger = new Logger(BindingExpiryProcessor_1.name);
    constructor(bindings, queue) {
        super();
        this.bindings = bindings;
        this.queue = queue;
    }
    async onApplicationBootstrap() {
        // One scheduler for the whole cluster: upserting by id is idempotent across workers.
        await this.queue.upsertJobScheduler('binding-expiry-sweep', { every: EXPIRY_SWEEP_EVERY_MS }, { name: JobName.SweepExpiredBindings, data: {} });
    }
    async handle(job, token) {
        if (job.name === JobName.SweepExpiredBindings) {
            const expired = await this.bindings.expireOverdue();
            if (expired > 0)
                this.logger.log(`Sweep expired ${expired} overdue request(s)`);
            return { expired };
        }
        const { bindingId } = job.data;
        const due = await this.bindings.pendingUntil(bindingId);
        if (!due)
            return { expired: false }; // answered, cancelled or already expired
        if (due.getTime() > Date.now()) {
            // Published early (clocks differ between processes): come back when it is due.
            await job.moveToDelayed(due.getTime() + 10, token);
            throw new DelayedError();
        }
        return { expired: await this.bindings.expire(bindingId) };
    }
};
BindingExpiryProcessor = BindingExpiryProcessor_1 = __decorate([
    Processor(QueueName.BindingExpiry, { concurrency: 4, settings: { backoffStrategy } }),
    __param(0, Inject(BindingsService)),
    __param(1, InjectQueue(QueueName.BindingExpiry)),
    __metadata("design:paramtypes", [BindingsService, Function])
], BindingExpiryProcessor);
export { BindingExpiryProcessor };
//# sourceMappingURL=binding-expiry.processor.js.map