// Retention: the worker's purge of a large delivery log while clients keep binding (bench/lib/retention-phase.mjs).
import { measureRetention } from '../retention-phase.mjs';

export default {
  name: 'retention',
  async run(ctx) {
    await ctx.quiesce('retention');
    const r = await measureRetention({
      admin: ctx.stack.admin,
      apiUrl: ctx.urls.service,
      queuePrefix: ctx.run.queuePrefix,
      partnerId: ctx.partners[0].id,
      rows: ctx.sizes.retentionRows,
      baselineSeconds: ctx.sizes.retentionBaselineSeconds,
      connections: 8,
      bindRequest: ctx.bindRequest(false),
      log: ctx.log,
    });
    ctx.expectNotices(r.bindsWithoutPurge.count + r.bindsDuringPurge.count);
    ctx.log(
      `retention: ${r.deleted} rows in ${r.purgeSeconds} s (${r.rowsPerSec} rows/s); binds p99 ${r.bindsWithoutPurge.p99Ms} ms without, ${r.bindsDuringPurge.p99Ms} ms during the purge`,
    );
    await ctx.quiesce('after retention', 600_000);
    return r;
  },
  rows: (t) => {
    const failed = t.bindsWithoutPurge.failed + t.bindsDuringPurge.failed;
    const binds = (b) => `${b.perSec}/s, p50 ${b.p50Ms} / p99 ${b.p99Ms} ms`;
    return [
      [`retention purge rows/s (${t.rows} old deliveries)`, `${t.rowsPerSec} (${t.purgeSeconds} s)`, '', '', ''],
      [
        `binds (${t.bindClients} clients), no purge → purging`,
        `${binds(t.bindsWithoutPurge)} → ${binds(t.bindsDuringPurge)}${failed ? ` (${failed} failed)` : ''}`,
        '',
        '',
        '',
      ],
    ];
  },
};
