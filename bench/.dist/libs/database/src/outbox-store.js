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
import { newId } from "../../common/src/index.js";
import { OutboxEntity } from './outbox.entity.js';
/**
 * The relay's side of the outbox: lease a batch, publish it, delete it.
 * The lease is one short autocommit UPDATE, so no transaction is held open while
 * the relay talks to Redis, and several relays can share the table.
 */
let OutboxStore = class OutboxStore {
    dataSource;
    constructor(dataSource) {
        this.dataSource = dataSource;
    }
    async claimBatch(limit, leaseMs) {
        const token = newId();
        const now = new Date();
        const result = await this.dataSource.query('UPDATE outbox SET claim_token = ?, claimed_until = ? WHERE claimed_until IS NULL OR claimed_until < ? ORDER BY id LIMIT ?', [token, new Date(now.getTime() + leaseMs), now, limit]);
        if (!result || result.affectedRows === 0)
            return [];
        const rows = await this.dataSource.query('SELECT id, queue_name, job_name, payload, delay_ms, created_at, request_id FROM outbox WHERE claim_token = ? ORDER BY id', [token]);
        return rows.map((row) => ({
            id: row.id,
            queueName: row.queue_name,
            jobName: row.job_name,
            payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
            delayMs: Number(row.delay_ms),
            createdAt: new Date(row.created_at),
            requestId: row.request_id,
        }));
    }
    async remove(ids) {
        if (ids.length === 0)
            return;
        await this.dataSource.createQueryBuilder().delete().from(OutboxEntity).whereInIds(ids).execute();
    }
    /** Let another attempt take these rows at once (publishing failed). */
    async release(ids) {
        if (ids.length === 0)
            return;
        await this.dataSource.query(`UPDATE outbox SET claim_token = NULL, claimed_until = NULL WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    }
    /** Rows waiting to be published and the age of the oldest, for metrics and tests. */
    async backlog() {
        const [row] = await this.dataSource.query('SELECT COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox');
        const oldest = row?.oldest ? new Date(row.oldest) : null;
        return { count: Number(row?.count ?? 0), oldestAgeMs: oldest ? Math.max(0, Date.now() - oldest.getTime()) : 0 };
    }
};
OutboxStore = __decorate([
    Injectable(),
    __param(0, Inject(DataSource)),
    __metadata("design:paramtypes", [DataSource])
], OutboxStore);
export { OutboxStore };
//# sourceMappingURL=outbox-store.js.map