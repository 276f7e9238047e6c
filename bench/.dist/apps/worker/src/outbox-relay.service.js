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
var OutboxRelay_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { OutboxStore } from "../../../libs/database/src/index.js";
import { ALL_QUEUES, OutboxSignal, jobOptionsFor } from "../../../libs/queue/src/index.js";
const BATCH_SIZE = 500;
/** A relay that dies holding a batch gives it up after this long; another relay then republishes it (same jobIds). */
const LEASE_MS = 30_000;
/** Polling is only the fallback: commits wake the relay through OutboxSignal. */
const IDLE_POLL_MS = 500;
const ERROR_PAUSE_MS = 1000;
/**
 * Moves committed outbox rows to BullMQ: lease a batch, add it with jobId = row id
 * (one round trip per queue), delete it. Never holds a transaction open while it
 * talks to Redis. If Redis is down the rows simply wait in MySQL.
 */
let OutboxRelay = OutboxRelay_1 = class OutboxRelay {
    store;
    signal;
    moduleRef;
    logger = new Logger(OutboxRelay_1.name);
    queues = new Map();
    running = false;
    loop = null;
    wake = null;
    wakeRequested = false;
    constructor(store, signal, moduleRef) {
        this.store = store;
        this.signal = signal;
        this.moduleRef = moduleRef;
    }
    async onApplicationBootstrap() {
        for (const name of ALL_QUEUES)
            this.queues.set(name, this.moduleRef.get(getQueueToken(name), { strict: false }));
        await this.signal.subscribe(() => this.nudge());
        this.running = true;
        this.loop = this.run();
    }
    async onApplicationShutdown() {
        this.running = false;
        this.nudge();
        await this.loop;
    }
    /** Publishes everything that is waiting now; returns how many rows went out. Used by tests too. */
    async drainOnce() {
        let published = 0;
        for (;;) {
            const batch = await this.store.claimBatch(BATCH_SIZE, LEASE_MS);
            if (batch.length === 0)
                return published;
            await this.publish(batch);
            published += batch.length;
            if (batch.length < BATCH_SIZE)
                return published;
        }
    }
    nudge() {
        this.wakeRequested = true;
        this.wake?.();
    }
    async run() {
        while (this.running) {
            try {
                this.wakeRequested = false;
                await this.drainOnce();
                await this.idle(IDLE_POLL_MS);
            }
            catch (error) {
                this.logger.warn(`Outbox relay paused: ${error instanceof Error ? error.message : String(error)}`);
                await this.idle(ERROR_PAUSE_MS);
            }
        }
    }
    idle(ms) {
        if (this.wakeRequested || !this.running)
            return Promise.resolve();
        return new Promise((resolve) => {
            const timer = setTimeout(done, ms);
            function done() {
                clearTimeout(timer);
                resolve();
            }
            this.wake = () => {
                this.wake = null;
                done();
            };
        });
    }
    async publish(batch) {
        const byQueue = new Map();
        for (const row of batch)
            byQueue.set(row.queueName, [...(byQueue.get(row.queueName) ?? []), row]);
        try {
            await Promise.all([...byQueue].map(([queueName, rows]) => {
                const queue = this.queues.get(queueName);
                if (!queue)
                    throw new Error(`Outbox row for unknown queue ${queueName}`);
                return queue.addBulk(rows.map((row) => ({
                    name: row.jobName,
                    // The request id rides along in the job data (processors restore it; payload types ignore it).
                    data: row.requestId ? { ...row.payload, requestId: row.requestId } : row.payload,
                    // The delay counts from the commit, not from publication.
                    opts: { ...jobOptionsFor(row.jobName), jobId: row.id, ...(row.delayMs > 0 ? { delay: Math.max(0, row.createdAt.getTime() + row.delayMs - Date.now()) } : {}) },
                })));
            }));
        }
        catch (error) {
            await this.store.release(batch.map((row) => row.id)).catch(() => undefined);
            throw error;
        }
        await this.store.remove(batch.map((row) => row.id));
    }
};
OutboxRelay = OutboxRelay_1 = __decorate([
    Injectable(),
    __param(0, Inject(OutboxStore)),
    __param(1, Inject(OutboxSignal)),
    __param(2, Inject(ModuleRef)),
    __metadata("design:paramtypes", [OutboxStore,
        OutboxSignal,
        ModuleRef])
], OutboxRelay);
export { OutboxRelay };
//# sourceMappingURL=outbox-relay.service.js.map