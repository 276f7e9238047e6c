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
import { Inject, Injectable } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { Gauge, register } from 'prom-client';
import { OutboxStore } from "../../database/src/index.js";
import { ALL_QUEUES } from "../../queue/src/index.js";
// Gauges are read at scrape time from whichever app registered last in this process.
const sources = [];
const current = () => sources.at(-1);
function gauge(name, help, labelNames, collect) {
    if (register.getSingleMetric(name))
        return;
    new Gauge({
        name,
        help,
        labelNames,
        async collect() {
            await collect(this).catch(() => undefined); // a scrape during an outage shows stale values, not an error
        },
    });
}
gauge('pbs_outbox_backlog', 'Outbox rows committed but not yet published to BullMQ', [], async (g) => {
    const source = current();
    if (source)
        g.set((await source.outbox.backlog()).count);
});
gauge('pbs_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row', [], async (g) => {
    const source = current();
    if (source)
        g.set((await source.outbox.backlog()).oldestAgeMs / 1000);
});
gauge('pbs_queue_jobs', 'BullMQ jobs per queue and state', ['queue', 'state'], async (g) => {
    const source = current();
    if (!source)
        return;
    for (const queue of source.queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        for (const [state, count] of Object.entries(counts))
            g.set({ queue: queue.name, state }, count);
    }
});
/** Registers this app's outbox and queues as the source of the backlog gauges. */
let BacklogMetrics = class BacklogMetrics {
    outbox;
    moduleRef;
    source = null;
    constructor(outbox, moduleRef) {
        this.outbox = outbox;
        this.moduleRef = moduleRef;
    }
    onModuleInit() {
        const queues = ALL_QUEUES.map((name) => this.moduleRef.get(getQueueToken(name), { strict: false }));
        this.source = { outbox: this.outbox, queues };
        sources.push(this.source);
    }
    onModuleDestroy() {
        const index = this.source ? sources.indexOf(this.source) : -1;
        if (index >= 0)
            sources.splice(index, 1);
    }
};
BacklogMetrics = __decorate([
    Injectable(),
    __param(0, Inject(OutboxStore)),
    __param(1, Inject(ModuleRef)),
    __metadata("design:paramtypes", [OutboxStore,
        ModuleRef])
], BacklogMetrics);
export { BacklogMetrics };
//# sourceMappingURL=backlog.metrics.js.map