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
import { DataSource } from 'typeorm';
import { currentRequestId, newId } from "../../common/src/index.js";
import { OutboxEntity } from './outbox.entity.js';
/**
 * The one way to change state: `run` opens a READ COMMITTED transaction (no gap locks
 * between concurrent writers), hands the callback an `EntityManager` and an `outbox`
 * that writes jobs into the same transaction. Commit publishes nothing by itself;
 * after commit the relay is nudged so the jobs leave quickly.
 */
let UnitOfWork = class UnitOfWork {
    dataSource;
    committedListeners = [];
    constructor(dataSource) {
        this.dataSource = dataSource;
    }
    async run(work) {
        let wroteOutbox = false;
        const result = await this.dataSource.transaction('READ COMMITTED', (tx) => work(tx, async (messages) => {
            if (messages.length === 0)
                return;
            wroteOutbox = true;
            const now = new Date();
            const requestId = currentRequestId() ?? null;
            await tx.insert(OutboxEntity, messages.map((message) => ({
                id: newId(),
                queueName: message.queueName,
                jobName: message.jobName,
                payload: message.payload,
                delayMs: message.delayMs ?? 0,
                createdAt: now,
                requestId,
                claimToken: null,
                claimedUntil: null,
            })));
        }));
        if (wroteOutbox)
            for (const listener of this.committedListeners)
                listener();
        return result;
    }
    /** Called after every commit that wrote outbox rows (used to wake the relay early). */
    onOutboxCommitted(listener) {
        this.committedListeners.push(listener);
    }
};
UnitOfWork = __decorate([
    Injectable(),
    __param(0, Inject(DataSource)),
    __metadata("design:paramtypes", [DataSource])
], UnitOfWork);
export { UnitOfWork };
//# sourceMappingURL=unit-of-work.js.map