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
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { For } from "../../auth/src/index.js";
import { REDIS } from "../../queue/src/index.js";
const CHECK_TIMEOUT_MS = 1500;
function withTimeout(work, ms) {
    return Promise.race([work, new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}
/** Liveness (the process answers) and readiness (MySQL and Redis answer). */
let HealthController = class HealthController {
    health;
    mysql;
    indicators;
    redis;
    constructor(health, mysql, indicators, redis) {
        this.health = health;
        this.mysql = mysql;
        this.indicators = indicators;
        this.redis = redis;
    }
    live() {
        return { status: 'ok' };
    }
    ready() {
        return this.health.check([
            () => this.mysql.pingCheck('mysql', { timeout: CHECK_TIMEOUT_MS }),
            async () => {
                const redis = this.indicators.check('redis');
                try {
                    await withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS);
                    return redis.up();
                }
                catch {
                    return redis.down({ message: 'Redis is not answering' });
                }
            },
        ]);
    }
};
__decorate([
    ApiOperation({ summary: 'Liveness: the process answers' }),
    Get('live'),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "live", null);
__decorate([
    ApiOperation({ summary: 'Readiness: MySQL and Redis answer (503 problem when not)' }),
    Get('ready'),
    HealthCheck(),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "ready", null);
HealthController = __decorate([
    ApiTags('operations'),
    For('public'),
    Controller('health'),
    __param(0, Inject(HealthCheckService)),
    __param(1, Inject(TypeOrmHealthIndicator)),
    __param(2, Inject(HealthIndicatorService)),
    __param(3, Inject(REDIS)),
    __metadata("design:paramtypes", [HealthCheckService,
        TypeOrmHealthIndicator,
        HealthIndicatorService, Function])
], HealthController);
export { HealthController };
//# sourceMappingURL=health.controller.js.map