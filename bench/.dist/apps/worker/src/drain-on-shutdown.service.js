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
var DrainOnShutdown_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { OutboxRelay } from './outbox-relay.service.js';
/**
 * SIGTERM: stop the relay, then close every BullMQ worker, which waits for its active
 * jobs to finish, before anything else shuts down. Nest closes queues, Redis and the
 * MySQL pool later, in onApplicationShutdown, so a job that is finishing never loses
 * its connections half-way (which would leave it stalled, or deliver it twice).
 */
let DrainOnShutdown = DrainOnShutdown_1 = class DrainOnShutdown {
    discovery;
    relay;
    logger = new Logger(DrainOnShutdown_1.name);
    constructor(discovery, relay) {
        this.discovery = discovery;
        this.relay = relay;
    }
    async beforeApplicationShutdown(signal) {
        await this.relay.onApplicationShutdown();
        const workers = this.discovery
            .getProviders()
            .map((wrapper) => wrapper.instance)
            .filter((instance) => instance instanceof WorkerHost)
            .flatMap((host) => {
            try {
                return [host.worker];
            }
            catch {
                return []; // a processor whose worker never started
            }
        });
        if (signal)
            this.logger.log(`${signal}: finishing ${workers.length} queue worker(s)' active jobs before closing`);
        await Promise.all(workers.map((worker) => worker.close()));
    }
};
DrainOnShutdown = DrainOnShutdown_1 = __decorate([
    Injectable(),
    __param(0, Inject(DiscoveryService)),
    __param(1, Inject(OutboxRelay)),
    __metadata("design:paramtypes", [DiscoveryService,
        OutboxRelay])
], DrainOnShutdown);
export { DrainOnShutdown };
//# sourceMappingURL=drain-on-shutdown.service.js.map