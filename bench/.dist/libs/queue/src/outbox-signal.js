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
var OutboxSignal_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from "../../config/src/index.js";
import { UnitOfWork } from "../../database/src/index.js";
import { REDIS, createRedis } from './redis.js';
/**
 * Wakes outbox relays as soon as a transaction with jobs commits, instead of leaving
 * them to their next poll. Only a hint: if the message is lost, the poll still finds the rows.
 */
let OutboxSignal = OutboxSignal_1 = class OutboxSignal {
    redis;
    unitOfWork;
    config;
    logger = new Logger(OutboxSignal_1.name);
    listeners = [];
    subscriber = null;
    constructor(redis, unitOfWork, config) {
        this.redis = redis;
        this.unitOfWork = unitOfWork;
        this.config = config;
    }
    get channel() {
        return `${this.config.redis.queuePrefix}:outbox-committed`;
    }
    onModuleInit() {
        this.unitOfWork.onOutboxCommitted(() => {
            for (const listener of this.listeners)
                listener(); // a relay in this process wakes at once
            if (this.redis.status === 'ready')
                this.redis.publish(this.channel, '1').catch(() => undefined);
        });
    }
    /** Calls `listener` whenever any process commits outbox rows. */
    async subscribe(listener) {
        this.listeners.push(listener);
        if (this.subscriber)
            return;
        this.subscriber = createRedis(this.config, { maxRetriesPerRequest: 1 });
        this.subscriber.on('message', () => this.listeners.forEach((l) => l()));
        this.subscriber.on('error', () => undefined); // reconnects by itself; the relay's poll covers the gap
        await this.subscriber.subscribe(this.channel).catch((error) => this.logger.warn(`Outbox wake-ups unavailable until Redis is back: ${String(error)}`));
    }
    async onApplicationShutdown() {
        await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
    }
};
OutboxSignal = OutboxSignal_1 = __decorate([
    Injectable(),
    __param(0, Inject(REDIS)),
    __param(1, Inject(UnitOfWork)),
    __param(2, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [Function, UnitOfWork, Object])
], OutboxSignal);
export { OutboxSignal };
//# sourceMappingURL=outbox-signal.js.map