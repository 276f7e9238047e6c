// The table on stdout: one block of rows per phase that ran, then the machine and its load.
import { table } from './util.mjs';

export function report(results, phases) {
  const rows = [['figure', 'service', 'bare baseline', 'ratio [min–max]', 'target']];
  for (const phase of phases) {
    const r = results[phase.name];
    if (r && phase.rows) rows.push(...phase.rows(r, results.targets[phase.name] ?? {}));
  }
  console.log(table(rows));
  const m = results.machine;
  console.log(
    `\nmachine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, node ${m.node}; load average at start ${m.loadAvgAtStart.join(' ')}, at end ${m.loadAvgAtEnd.join(' ')}; ${m.quick ? 'QUICK run' : 'full run'} in ${m.durationSeconds} s`,
  );
  const c = m.cpuDuringRun;
  console.log(
    `CPU during the run: ${c.busyPct} % of both cores busy; this run's node processes ${c.thisRunNodeProcessesPct} %, everything else (MariaDB, Redis, other engineers' tests on the box) ${c.everythingElsePct} %; 1-min load average median ${c.loadAvg1mSamples.median}, max ${c.loadAvg1mSamples.max}`,
  );
  console.log(
    `receiver: ${results.receiver.notices} distinct signed notices, ${results.receiver.duplicates} duplicates, ${results.receiver.badSignatures} bad signatures`,
  );
}
