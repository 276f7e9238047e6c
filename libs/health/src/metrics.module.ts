import { Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { BacklogMetrics } from './backlog.metrics.js';
import { MetricsController } from './metrics.controller.js';

// Process metrics (CPU, memory, event loop lag), once per process.
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

/**
 * GET /metrics in Prometheus text (prom-client): HTTP durations, transitions, webhook
 * outcomes and latency, outbox backlog, queue depths, process metrics.
 * (A thin controller over prom-client: @willsoto/nestjs-prometheus is CommonJS and cannot
 * load Nest 12's ES modules under jest.)
 */
@Module({
  controllers: [MetricsController],
  providers: [BacklogMetrics],
})
export class MetricsModule {}
