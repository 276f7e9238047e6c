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
import { newId } from "../../common/src/index.js";
import { APP_CONFIG } from "../../config/src/index.js";
import { REDIS } from "../../queue/src/index.js";
// Leases are members of a sorted set scored by their expiry: a worker that dies
// mid-delivery leaks its slot only until the lease runs out.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;
/**
 * Caps the deliveries in flight to one partner across every worker process, so a
 * partner whose endpoint hangs holds a few worker slots, never all of them.
 */
let PartnerGate = class PartnerGate {
    redis;
    config;
    constructor(redis, config) {
        this.redis = redis;
        this.config = config;
    }
    async acquire(partnerId) {
        const lease = newId();
        const now = Date.now();
        const leaseMs = this.config.webhook.timeoutMs * 2 + 5000;
        const granted = await this.redis.eval(ACQUIRE, 1, this.key(partnerId), now, now + leaseMs, this.config.webhook.perPartnerConcurrency, lease, leaseMs);
        return Number(granted) === 1 ? lease : null;
    }
    async release(partnerId, lease) {
        await this.redis.zrem(this.key(partnerId), lease);
    }
    key(partnerId) {
        return `${this.config.redis.queuePrefix}:webhook-inflight:${partnerId}`;
    }
};
PartnerGate = __decorate([
    Injectable(),
    __param(0, Inject(REDIS)),
    __param(1, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [Function, Object])
], PartnerGate);
export { PartnerGate };
//# sourceMappingURL=partner-gate.js.map