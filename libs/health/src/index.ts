export { HealthModule } from './health.module.js';
export { MetricsModule } from './metrics.module.js';
