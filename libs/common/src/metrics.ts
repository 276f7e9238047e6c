import { Counter, Histogram, register, type Metric } from 'prom-client';

/** One instance per process, whichever module asks first (API and worker may share a process in tests). */
function once<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const httpRequestDuration = once(
  'pbs_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'pbs_http_request_duration_seconds',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

export const bindingTransitions = once(
  'pbs_binding_transitions_total',
  () => new Counter({ name: 'pbs_binding_transitions_total', help: 'Binding transitions committed, by event type', labelNames: ['type'] }),
);

export const webhookDeliveries = once(
  'pbs_webhook_deliveries_total',
  () => new Counter({ name: 'pbs_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome (delivered, retry, failed)', labelNames: ['outcome'] }),
);

export const webhookLatency = once(
  'pbs_webhook_delivery_seconds',
  () =>
    new Histogram({
      name: 'pbs_webhook_delivery_seconds',
      help: 'Time from sending a webhook to the partner’s answer, by outcome',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);
