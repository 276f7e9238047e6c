// Audit export: one account's 1,000,000 events streamed through the API; rows/s and the API's RSS by rows (bench/lib/audit-phase.mjs).
import { measureAuditExport } from '../audit-phase.mjs';

export default {
  name: 'audit',
  async run(ctx) {
    await ctx.quiesce('audit');
    return measureAuditExport({
      admin: ctx.stack.admin,
      apiUrl: ctx.urls.service,
      apiPid: ctx.apiPid.service,
      account: ctx.readAccounts[0],
      partnerId: ctx.partners[0].id,
      rows: ctx.sizes.auditRows,
      log: ctx.log,
    });
  },
  rows: (a) => {
    const x = (e) => `${e.rowsPerSec} rows/s (${e.seconds} s, ${e.mb} MB); API RSS peak ${e.apiPeakRssMb} MB`;
    return [[`audit export jsonl / csv (${a.rows} events)`, `${x(a.jsonl)} / ${x(a.csv)}; RSS ${a.apiRssBeforeMb} → ${a.apiRssAfterMb} MB`, '', '', '']];
  },
};
