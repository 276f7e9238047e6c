import type { EntityManager } from 'typeorm';

/**
 * What a binding timer does when it comes due. Stored in `binding_timers.kind`: add, never rename.
 * - request_expiry: a pending request's expiresAt passes → expired;
 * - binding_end: an active binding's endsAt passes → ended;
 * - end_reminder: `offset` seconds before endsAt → binding.ending_soon;
 * - request_expiry_reminder: `offset` seconds before expiresAt → binding.request_expiring.
 */
export const TimerKind = {
  RequestExpiry: 'request_expiry',
  BindingEnd: 'binding_end',
  EndReminder: 'end_reminder',
  RequestExpiryReminder: 'request_expiry_reminder',
} as const;
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];

export interface BindingTimer {
  bindingId: string;
  kind: TimerKind;
  offsetSeconds: number;
  dueAt: Date;
  armedFor: Date;
}

interface TimerRow {
  binding_id: string;
  kind: TimerKind;
  offset_seconds: number;
  due_at: Date;
  armed_for: Date;
}

/**
 * The timer for `moment` itself plus one reminder per offset whose moment is still ahead of `now`
 * (a reminder already past when armed is skipped, never sent late).
 */
export function timersFor(
  bindingId: string,
  moment: Date,
  kind: TimerKind,
  reminder: { kind: TimerKind; offsetsSeconds: readonly number[] } | null,
  now: Date,
): BindingTimer[] {
  const timers: BindingTimer[] = [{ bindingId, kind, offsetSeconds: 0, dueAt: moment, armedFor: moment }];
  for (const offset of reminder?.offsetsSeconds ?? []) {
    const dueAt = new Date(moment.getTime() - offset * 1000);
    if (offset > 0 && dueAt.getTime() > now.getTime()) timers.push({ bindingId, kind: reminder!.kind, offsetSeconds: offset, dueAt, armedFor: moment });
  }
  return timers;
}

/** Writes timers in the caller's transaction; arming the same (binding, kind, offset) again moves it. */
export async function armTimers(tx: EntityManager, timers: readonly BindingTimer[]): Promise<void> {
  if (timers.length === 0) return;
  const values = timers.flatMap((t) => [t.bindingId, t.kind, t.offsetSeconds, t.dueAt, t.armedFor]);
  await tx.query(
    `INSERT INTO binding_timers (binding_id, kind, offset_seconds, due_at, armed_for) VALUES ${timers.map(() => '(?, ?, ?, ?, ?)').join(', ')}
     ON DUPLICATE KEY UPDATE due_at = VALUES(due_at), armed_for = VALUES(armed_for)`,
    values,
  );
}

/**
 * Deletes a binding's timers in the caller's transaction. Transitions call it before they update the
 * binding row, so every writer locks timers first and the binding second: no deadlock with the sweep.
 * The sweep itself passes `skipLocked` (a timer another worker has claimed is that worker's to finish),
 * so sweeps never wait on one another's timers.
 */
export async function disarmTimers(tx: EntityManager, bindingId: string, options: { skipLocked?: boolean } = {}): Promise<void> {
  if (!options.skipLocked) {
    await tx.query('DELETE FROM binding_timers WHERE binding_id = ?', [bindingId]);
    return;
  }
  const free: Array<{ kind: string; offset_seconds: number }> = await tx.query(
    'SELECT kind, offset_seconds FROM binding_timers WHERE binding_id = ? FOR UPDATE SKIP LOCKED',
    [bindingId],
  );
  for (const row of free)
    await tx.query('DELETE FROM binding_timers WHERE binding_id = ? AND kind = ? AND offset_seconds = ?', [bindingId, row.kind, row.offset_seconds]);
}

/** Deletes the timers of several bindings in the caller's transaction (before their rows are updated: the lock order). */
export async function disarmTimersOf(tx: EntityManager, bindingIds: readonly string[]): Promise<void> {
  if (bindingIds.length > 0) await tx.query('DELETE FROM binding_timers WHERE binding_id IN (?)', [bindingIds]);
}

/** Moves a timer to `dueAt`, only if nobody re-armed it since it was claimed. */
export async function postponeTimer(tx: EntityManager, timer: BindingTimer, dueAt: Date): Promise<void> {
  await tx.query('UPDATE binding_timers SET due_at = ? WHERE binding_id = ? AND kind = ? AND offset_seconds = ? AND due_at = ?', [
    dueAt,
    timer.bindingId,
    timer.kind,
    timer.offsetSeconds,
    timer.dueAt,
  ]);
}

/**
 * Claims up to `limit` due timers for the caller's transaction. SKIP LOCKED: rows another worker (or a
 * transition) holds are passed over, so each timer is handled by one transaction only.
 */
export async function claimDueTimers(tx: EntityManager, now: Date, limit: number): Promise<BindingTimer[]> {
  const rows: TimerRow[] = await tx.query(
    'SELECT binding_id, kind, offset_seconds, due_at, armed_for FROM binding_timers WHERE due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED',
    [now, limit],
  );
  return rows.map((row) => ({
    bindingId: row.binding_id,
    kind: row.kind,
    offsetSeconds: Number(row.offset_seconds),
    dueAt: new Date(row.due_at),
    armedFor: new Date(row.armed_for),
  }));
}

/** Deletes one fired (or stale) timer in the transaction that claimed it. */
export async function deleteTimer(tx: EntityManager, timer: BindingTimer): Promise<void> {
  await tx.query('DELETE FROM binding_timers WHERE binding_id = ? AND kind = ? AND offset_seconds = ?', [timer.bindingId, timer.kind, timer.offsetSeconds]);
}

/**
 * armTimers for a binding inserted earlier in the same packet, which may have inserted nothing: each timer is
 * written only if its binding's row exists (BindingsRepository.insertRequest sends these in its one packet).
 */
export function armTimersIfBound(timers: readonly BindingTimer[]): Array<{ sql: string; values: unknown[] }> {
  return timers.map((t) => ({
    sql: 'INSERT INTO binding_timers (binding_id, kind, offset_seconds, due_at, armed_for) SELECT id, ?, ?, ?, ? FROM bindings WHERE id = ?',
    values: [t.kind, t.offsetSeconds, t.dueAt, t.armedFor, t.bindingId],
  }));
}
