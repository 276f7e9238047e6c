var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { BacklogMetrics } from './backlog.metrics.js';
import { MetricsController } from './metrics.controller.js';
// Process metrics (CPU, memory, event loop lag), once per process.
if (!register.getSingleMetric('process_cpu_user_seconds_total'))
    collectDefaultMetrics();
/**
 * GET /metrics in Prometheus text (prom-client): HTTP durations, transitions, webhook
 * outcomes and latency, outbox backlog, queue depths, process metrics.
 * (A thin controller over prom-client: @willsoto/nestjs-prometheus is CommonJS and cannot
 * load Nest 12's ES modules under jest.)
 */
let MetricsModule = class MetricsModule {
};
MetricsModule = __decorate([
    Module({
        controllers: [MetricsController],
        providers: [BacklogMetrics],
    })
], MetricsModule);
export { MetricsModule };
//# sourceMappingURL=metrics.module.js.map