import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Pool, PoolConnection } from 'mysql2';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { Coalescer, KeyedReads, type TimeKey } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { OUTBOX_COLUMNS, Sql, affectedRows, openMultiStatementPool, outboxValues, type OutboxMessage } from '@app/database';
import { ACCESS_SCOPES, parseScopes, type AccessScope } from '@app/partners';
import { BindingEventEntity, type ActorKind } from './binding-event.entity.js';
import { LIVE_STATUSES, type BindingStatus } from './binding-state.js';
import type { LiveBindingRow } from './access-check.js';
import type { AuditPosition, AuditRecord } from './audit-export.js';
import { armTimersIfBound, type BindingTimer } from './binding-timers.js';
import { toEventView, type BindingEventView, type BindingRecord } from './binding.view.js';

export type BindingOwner = { accountId: string } | { partnerId: string };

/** What a transition's conditional UPDATE may set (besides status and version). */
export type BindingChanges = Partial<
  Pick<BindingRecord, 'respondedBy' | 'respondedAt' | 'declineReason' | 'cancelledBy' | 'cancelledAt' | 'endedAt' | 'terminatedAt' | 'terminationReason'>
>;

export interface NewEvent {
  id: string;
  bindingId: string;
  type: string;
  actorId: string | null;
  actorKind: ActorKind;
  fromStatus: BindingStatus | null;
  toStatus: BindingStatus;
  at: Date;
  data: Record<string, string> | null;
}

/**
 * A "Turn On" as one packet (insertRequest). The checks ride in the INSERT; what depends on rows the
 * client has not read is filled in by the database from those rows: the granted scopes (the asked ones, or
 * all the partner offers) in the event's `data.scopes`, the notice's `binding.scopes` and the answer's
 * `scopes`, and the account's name in the notice's `account.name`.
 */
export interface RequestWrite {
  /** The pending binding; its scopes are the asked ones (canonical), ignored when `askedScopes` is null. */
  binding: BindingRecord;
  /** The scopes as asked (each must be offered); null: grant everything the partner offers. */
  askedScopes: readonly string[] | null;
  /** MAX_LIVE_PARTNERS_PER_ACCOUNT, for accounts without a cap of their own (0: none). */
  defaultCap: number;
  event: Omit<NewEvent, 'bindingId'>;
  notice: OutboxMessage;
  timers: readonly BindingTimer[];
  /** The Idempotency-Key's answer, stored in the same transaction. */
  answer?: { sql: string; values: unknown[] };
}

/** The columns a binding is read with (the one list; live_partner_id is implied by the status). */
const BINDING_COLUMNS =
  'id, account_id, partner_id, status, requested_by, requested_at, expires_at, responded_by, responded_at, cancelled_by, cancelled_at, decline_reason, terminated_at, termination_reason, scopes, ends_at, ended_at, version';

/** At most this many accounts' active bindings, or list pages, are read by one statement. */
const ACCOUNTS_PER_STATEMENT = 16;
const PAGES_PER_STATEMENT = 16;

/** The columns transitions may set, by record field. */
const CHANGE_COLUMNS: Record<keyof BindingChanges, string> = {
  respondedBy: 'responded_by',
  respondedAt: 'responded_at',
  declineReason: 'decline_reason',
  cancelledBy: 'cancelled_by',
  cancelledAt: 'cancelled_at',
  endedAt: 'ended_at',
  terminatedAt: 'terminated_at',
  terminationReason: 'termination_reason',
};

interface BindingRow {
  id: string;
  account_id: string;
  partner_id: string;
  status: BindingStatus;
  requested_by: string;
  requested_at: Date | string;
  expires_at: Date | string;
  responded_by: string | null;
  responded_at: Date | string | null;
  cancelled_by: string | null;
  cancelled_at: Date | string | null;
  decline_reason: string | null;
  terminated_at: Date | string | null;
  termination_reason: string | null;
  scopes: string | string[];
  ends_at: Date | string | null;
  ended_at: Date | string | null;
  version: number | string;
}

interface EventRow {
  id: string;
  binding_id: string;
  account_id: string;
  partner_id: string;
  type: string;
  actor_id: string | null;
  actor_kind: string;
  from_status: string | null;
  to_status: string;
  at: Date | string;
  data: string | Record<string, unknown> | null;
}

function toAuditRecord(row: EventRow): AuditRecord {
  // MariaDB hands JSON columns back as text, MySQL 8 as objects.
  const data = typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data;
  return {
    id: row.id,
    bindingId: row.binding_id,
    accountId: row.account_id,
    partnerId: row.partner_id,
    type: row.type,
    actorId: row.actor_id,
    actorKind: row.actor_kind,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    at: new Date(row.at).toISOString(),
    data: data ?? null,
  };
}

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

/** The lists' order: requested_at DESC, id DESC. */
const newestRequestFirst = (a: BindingRecord, b: BindingRecord): number =>
  b.requestedAt.getTime() - a.requestedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The one row → record conversion. */
function toRecord(row: BindingRow): BindingRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    partnerId: row.partner_id,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: new Date(row.requested_at),
    expiresAt: new Date(row.expires_at),
    respondedBy: row.responded_by,
    respondedAt: date(row.responded_at),
    cancelledBy: row.cancelled_by,
    cancelledAt: date(row.cancelled_at),
    declineReason: row.decline_reason,
    terminatedAt: date(row.terminated_at),
    terminationReason: row.termination_reason,
    scopes: parseScopes(row.scopes),
    endsAt: date(row.ends_at),
    endedAt: date(row.ended_at),
    version: Number(row.version),
  };
}

const ownerColumn = (owner: BindingOwner): [string, string] => ('accountId' in owner ? ['account_id', owner.accountId] : ['partner_id', owner.partnerId]);

/**
 * Live at a moment (two `?`: the moment, twice): holding the live slot and neither a request past its expiry
 * nor a binding past its end (those count as expired or ended at once, before their timers record it).
 */
const liveAt = (alias: string) =>
  `${alias}.live_partner_id IS NOT NULL AND NOT (${alias}.status = 'pending' AND ${alias}.expires_at <= ?) AND NOT (${alias}.status = 'active' AND ${alias}.ends_at IS NOT NULL AND ${alias}.ends_at <= ?)`;

/**
 * Takes the account's row lock only when a cap applies to it (its own, else the default): binds of one capped
 * account then insert one at a time, each counting what the ones before it committed; binds of other accounts,
 * and of accounts without a cap, never wait here. The inner read is a plain (non-locking) read, so an account
 * without a cap is not locked at all.
 */
const LOCK_IF_CAPPED = 'SELECT id FROM accounts WHERE id = (SELECT c.id FROM accounts c WHERE c.id = ? AND COALESCE(c.max_live_partners, ?) > 0) FOR UPDATE';

/**
 * Inserts the pending binding only when every check of a "Turn On" passes: the account exists and is open, the
 * partner is certified and offers every asked scope (at least one asked), and the account's live-partner cap
 * (docs/API.md#live-limit) leaves room or a live binding with this partner already exists (left to the unique
 * index uq_bindings_live, which answers BINDING_EXISTS). Reads the columns the accounts and partners modules
 * document for this (accounts.active, max_live_partners; partners.certified, scopes).
 */
const INSERT_REQUEST = `INSERT INTO bindings (id, account_id, partner_id, live_partner_id, status, requested_by, requested_at, expires_at, ends_at, scopes, version)
  SELECT ?, a.id, p.id, p.id, 'pending', ?, ?, ?, ?, COALESCE(?, p.scopes), 1
  FROM accounts a JOIN partners p ON p.id = ?
  WHERE a.id = ? AND a.active = 1 AND p.certified = 1
    AND (? IS NULL OR (JSON_LENGTH(?) > 0 AND JSON_CONTAINS(p.scopes, ?)))
    AND (COALESCE(a.max_live_partners, ?) = 0
      OR EXISTS (SELECT 1 FROM bindings mine WHERE mine.account_id = a.id AND mine.live_partner_id = p.id AND ${liveAt('mine')})
      OR (SELECT COUNT(*) FROM bindings l WHERE l.account_id = a.id AND ${liveAt('l')}) < COALESCE(a.max_live_partners, ?))`;

/** The granted scopes as an event's data carries them (space-separated, vocabulary order), from the binding row `b`. */
const SCOPE_STRING = `CONCAT_WS(' ', ${ACCESS_SCOPES.map(() => 'IF(JSON_CONTAINS(b.scopes, JSON_QUOTE(?)), ?, NULL)').join(', ')})`;
const SCOPE_STRING_VALUES = ACCESS_SCOPES.flatMap((scope) => [scope, scope]);

/** The access check's one statement: a point read of the live-binding unique index (account_id, live_partner_id). */
export const LIVE_BINDING_READ =
  'SELECT id, status, scopes, expires_at AS expiresAt, ends_at AS endsAt FROM bindings WHERE account_id = ? AND live_partner_id = ? LIMIT 1';

const EVENT_COLUMNS = 'id, binding_id, account_id, partner_id, type, actor_id, actor_kind, from_status, to_status, at, data';

/**
 * One audit event as a statement: INSERT … SELECT from its binding's row, so the owners are copied from it (the
 * audit export reads by them) and nothing is written without the row. `data`: SQL for the data column, with its values.
 */
function eventStatement(event: NewEvent, data: { sql: string; values: unknown[] }): { sql: string; values: unknown[] } {
  return {
    sql: `INSERT INTO binding_events (${EVENT_COLUMNS}) SELECT ?, b.id, b.account_id, b.partner_id, ?, ?, ?, ?, ?, ?, ${data.sql} FROM bindings b WHERE b.id = ?`,
    values: [event.id, event.type, event.actorId, event.actorKind, event.fromStatus, event.toStatus, event.at, ...data.values, event.bindingId],
  };
}

/**
 * The bindings module's data access: the only place that knows the bindings and binding_events tables
 * (binding_timers is binding-timers.ts's, idempotency_keys the IdempotencyStore's; the entities stay for the
 * migrations and the schema drift check).
 * Plain SQL (the hot reads, every write in a transaction); TypeORM's repository for the audit trail's read.
 * The "Turn On" write is one packet on a small pool of its own (insertRequest).
 */
@Injectable()
export class BindingsRepository implements OnApplicationShutdown {
  private packets: Pool | null = null;

  constructor(
    @InjectRepository(BindingEventEntity) private readonly events: Repository<BindingEventEntity>,
    @Inject(Sql) private readonly sql: Sql,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Active bindings by account (Helpful Contacts, on every read): concurrent reads share one statement,
   * each sent after its callers asked, so what was committed before a read is in it.
   */
  private readonly activeByAccount = new KeyedReads(
    (accountIds: string[]) =>
      this.sql.select<BindingRow>(
        `SELECT ${BINDING_COLUMNS} FROM bindings WHERE account_id IN (${accountIds.map(() => '?').join(', ')}) AND status = 'active' AND (ends_at IS NULL OR ends_at > ?) ORDER BY responded_at DESC, id DESC`,
        [...accountIds, new Date()],
      ),
    (row) => row.account_id,
    ACCOUNTS_PER_STATEMENT,
  );

  /**
   * Pages of the binding lists (on every list read): concurrent pages share one statement, a UNION ALL of
   * each page's own SELECT (its own filter, keyset, limit and index), each sent after its callers asked.
   * No ORDER BY over the union (it would make the server sort the whole result in a temporary table):
   * each part picks its own page, and the page's order is restored here (ids are ASCII, compared as bytes).
   */
  private readonly pages = new Coalescer<{ where: string; values: unknown[] }, BindingRecord[]>(async (pages) => {
    const rows = await this.sql.select<BindingRow & { page: number }>(
      pages
        .map((page, i) => `(SELECT ${i} AS page, ${BINDING_COLUMNS} FROM bindings WHERE ${page.where} ORDER BY requested_at DESC, id DESC LIMIT ?)`)
        .join(' UNION ALL '),
      pages.flatMap((page) => page.values),
    );
    const byPage = pages.map((): BindingRecord[] => []);
    for (const row of rows) byPage[Number(row.page)]!.push(toRecord(row));
    return byPage.map((records) => records.sort(newestRequestFirst));
  }, PAGES_PER_STATEMENT);

  /**
   * After the HTTP server has drained (Nest runs destroy hooks before it closes the server): a bind that starts while
   * the process is shutting down still finds its pool, instead of opening one nobody closes.
   */
  async onApplicationShutdown(): Promise<void> {
    const pool = this.packets;
    this.packets = null;
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }

  // ---- reads ----------------------------------------------------------------------------

  private async select(sql: string, values: unknown[], tx?: EntityManager): Promise<BindingRecord[]> {
    const rows = (tx ? await tx.query(sql, values) : await this.sql.select(sql, values)) as BindingRow[];
    return rows.map(toRecord);
  }

  /** A binding by id, only if it is the owner's when one is given. */
  async find(bindingId: string, owner?: BindingOwner): Promise<BindingRecord | null> {
    if (!owner) return (await this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE id = ? LIMIT 1`, [bindingId]))[0] ?? null;
    const [column, value] = ownerColumn(owner);
    return (await this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE id = ? AND ${column} = ? LIMIT 1`, [bindingId, value]))[0] ?? null;
  }

  /** A binding as the caller's transaction sees it (its own writes included), not locked. */
  async findIn(tx: EntityManager, bindingId: string): Promise<BindingRecord | null> {
    return (await this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE id = ?`, [bindingId], tx))[0] ?? null;
  }

  /** A binding locked in the caller's transaction (FOR UPDATE). */
  async lock(tx: EntityManager, bindingId: string): Promise<BindingRecord | null> {
    return (await this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE id = ? FOR UPDATE`, [bindingId], tx))[0] ?? null;
  }

  /** Bindings locked in the caller's transaction (FOR UPDATE). */
  lockMany(tx: EntityManager, bindingIds: readonly string[]): Promise<BindingRecord[]> {
    if (bindingIds.length === 0) return Promise.resolve([]);
    return this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE id IN (?) FOR UPDATE`, [bindingIds], tx);
  }

  /** The pair's binding holding the live slot (pending or active, perhaps past its expiry or end). */
  async findLive(accountId: string, partnerId: string): Promise<BindingRecord | null> {
    return (
      (await this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE account_id = ? AND live_partner_id = ? LIMIT 1`, [accountId, partnerId]))[0] ?? null
    );
  }

  /** The pair's live slot as the access check reads it (a point read of uq_bindings_live), on every partner call. */
  async liveSlot(accountId: string, partnerId: string): Promise<LiveBindingRow | undefined> {
    const [row] = await this.sql.select<LiveBindingRow>(LIVE_BINDING_READ, [accountId, partnerId]);
    return row;
  }

  /** The account's bindings holding the live slot with each of these partners. */
  holdingLiveSlot(accountId: string, partnerIds: readonly string[]): Promise<BindingRecord[]> {
    if (partnerIds.length === 0) return Promise.resolve([]);
    return this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE account_id = ? AND live_partner_id IN (?)`, [accountId, partnerIds]);
  }

  /**
   * A page of the owner's bindings, newest request first, after the keyset `after`; `limit` rows at most.
   * The (account_id | partner_id, [status,] requested_at, id) indexes serve filter, order and keyset.
   */
  list(owner: BindingOwner, statuses: readonly BindingStatus[] | undefined, limit: number, after: TimeKey | null, now: Date) {
    const [column, value] = ownerColumn(owner);
    const where = [`${column} = ?`];
    const params: unknown[] = [value];
    if (statuses && statuses.length > 0) {
      // A passed endsAt counts at once: such a binding is listed as ended, not active.
      const clauses = statuses.map((status) => {
        if (status === 'active') return "(status = 'active' AND (ends_at IS NULL OR ends_at > ?))";
        if (status === 'ended') return "(status = 'ended' OR (status = 'active' AND ends_at <= ?))";
        return 'status = ?';
      });
      where.push(`(${clauses.join(' OR ')})`);
      params.push(...statuses.map((status) => (status === 'active' || status === 'ended' ? now : status)));
    }
    if (after) {
      where.push('(requested_at < ? OR (requested_at = ? AND id < ?))');
      params.push(after.at, after.at, after.id);
    }
    return this.pages.add({ where: where.join(' AND '), values: [...params, limit] });
  }

  /** Active bindings of an account not past their end when the statement runs (at or after the call), most recently confirmed first. */
  async active(accountId: string): Promise<BindingRecord[]> {
    return (await this.activeByAccount.of(accountId)).map(toRecord);
  }

  /** A page of an account's bindings holding the live slot, in partner order after `afterPartnerId`. */
  liveOfAccount(accountId: string, afterPartnerId: string | null, limit: number): Promise<BindingRecord[]> {
    return this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE account_id = ? AND live_partner_id > ? ORDER BY live_partner_id LIMIT ?`, [
      accountId,
      afterPartnerId ?? '',
      limit,
    ]);
  }

  /** A page of a partner's bindings holding the live slot, in id order after `afterId`. */
  liveOfPartner(partnerId: string, afterId: string | null, limit: number): Promise<BindingRecord[]> {
    return this.select(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE live_partner_id = ? AND id > ? ORDER BY id LIMIT ?`, [partnerId, afterId ?? '', limit]);
  }

  async belongsTo(bindingId: string, owner: BindingOwner): Promise<boolean> {
    const [column, value] = ownerColumn(owner);
    return (await this.sql.select(`SELECT 1 FROM bindings WHERE id = ? AND ${column} = ? LIMIT 1`, [bindingId, value])).length > 0;
  }

  /** When a pending request is due to expire (null when it is no longer pending). */
  async pendingUntil(bindingId: string): Promise<Date | null> {
    const [row] = await this.sql.select<{ expires_at: Date | string }>("SELECT expires_at FROM bindings WHERE id = ? AND status = 'pending' LIMIT 1", [
      bindingId,
    ]);
    return row ? new Date(row.expires_at) : null;
  }

  /** The account's live bindings at `now`, and how many of them are with this partner (the cap's count). */
  async countLive(accountId: string, partnerId: string, now: Date): Promise<{ live: number; withPartner: number }> {
    const [row] = await this.sql.select<{ n: number | string; mine: number | string | null }>(
      // (account_id, live_partner_id) is the unique live index: this reads the account's live bindings only.
      `SELECT COUNT(*) AS n, COALESCE(SUM(b.partner_id = ?), 0) AS mine FROM bindings b WHERE b.account_id = ? AND ${liveAt('b')}`,
      [partnerId, accountId, now, now],
    );
    return { live: Number(row?.n ?? 0), withPartner: Number(row?.mine ?? 0) };
  }

  /** The audit trail of one binding, oldest first. */
  async eventsOf(bindingId: string): Promise<BindingEventView[]> {
    const events = await this.events.find({ where: { bindingId }, order: { at: 'ASC', id: 'ASC' } });
    return events.map(toEventView);
  }

  /**
   * One page of the owner's events for the audit export, oldest first: `from` inclusive, `to` exclusive, after
   * the last event sent. One range read of idx_binding_events_account / _partner per page.
   */
  async auditPage(owner: BindingOwner, range: { from?: Date; to?: Date }, after: AuditPosition | null, limit: number): Promise<AuditRecord[]> {
    const [column, value] = ownerColumn(owner);
    const where = [`${column} = ?`];
    const params: unknown[] = [value];
    const and = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (range.from) and('at >= ?', range.from);
    if (range.to) and('at < ?', range.to);
    if (after) and('at >= ? AND (at > ? OR id > ?)', after.at, after.at, after.id);
    // The page's ids first, from the index alone (a range on (owner, at)), then their rows by primary key. Asked
    // for every column at once, the optimizer picks a `ref` on the owner and walks the index from the owner's first
    // event on every page (1.2 s a page, 900,000 events in; this way 0.09 s — see BENCHMARKS.md).
    const rows = await this.sql.select<EventRow>(
      `SELECT ${EVENT_COLUMNS.split(', ')
        .map((column) => `e.${column}`)
        .join(', ')}
       FROM (SELECT id FROM binding_events WHERE ${where.join(' AND ')} ORDER BY at, id LIMIT ?) page
       JOIN binding_events e ON e.id = page.id ORDER BY e.at, e.id`,
      [...params, limit],
    );
    return rows.map(toAuditRecord);
  }

  /**
   * Deletes the events with ids in [from, to) of bindings that ended before `endedBefore` (no event of theirs is
   * that recent; live bindings keep theirs). Found with a plain read, then deleted by primary key (MySQL refuses a
   * DELETE that reads its own table in a subquery). Returns how many went.
   */
  async purgeEndedEvents(from: string, to: string, endedBefore: Date): Promise<number> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT e.id FROM binding_events e
       INNER JOIN bindings b ON b.id = e.binding_id
       WHERE e.id >= ? AND e.id < ? AND b.status NOT IN (?)
         AND NOT EXISTS (SELECT 1 FROM binding_events later WHERE later.binding_id = e.binding_id AND later.at >= ?)`,
      [from, to, LIVE_STATUSES, endedBefore],
    );
    if (rows.length === 0) return 0;
    return affectedRows(await this.db.query('DELETE FROM binding_events WHERE id IN (?)', [rows.map((row) => row.id)]));
  }

  // ---- writes in the caller's transaction -----------------------------------------------

  /** One transition's conditional UPDATE (on id, status and version); false: another writer moved the binding first. */
  async transition(tx: EntityManager, current: BindingRecord, to: BindingStatus, livePartnerId: string | null, changes: BindingChanges): Promise<boolean> {
    const fields = Object.keys(changes) as Array<keyof BindingChanges>;
    const set = ['status = ?', 'live_partner_id = ?', ...fields.map((field) => `${CHANGE_COLUMNS[field]} = ?`), 'version = version + 1'];
    const result: unknown = await tx.query(`UPDATE bindings SET ${set.join(', ')} WHERE id = ? AND status = ? AND version = ?`, [
      to,
      livePartnerId,
      ...fields.map((field) => changes[field]),
      current.id,
      current.status,
      current.version,
    ]);
    return affectedRows(result) === 1;
  }

  /** Narrows the scopes (status unchanged, version bumped); false: another writer moved the binding first. */
  async setScopes(tx: EntityManager, current: BindingRecord, scopes: readonly AccessScope[]): Promise<boolean> {
    const result: unknown = await tx.query('UPDATE bindings SET scopes = ?, version = version + 1 WHERE id = ? AND status = ? AND version = ?', [
      JSON.stringify(scopes),
      current.id,
      current.status,
      current.version,
    ]);
    return affectedRows(result) === 1;
  }

  /** Moves an active binding's end (null: open-ended); false: another writer moved the binding first. */
  async setEndsAt(tx: EntityManager, current: BindingRecord, endsAt: Date | null): Promise<boolean> {
    const result: unknown = await tx.query("UPDATE bindings SET ends_at = ?, version = version + 1 WHERE id = ? AND status = 'active' AND version = ?", [
      endsAt,
      current.id,
      current.version,
    ]);
    return affectedRows(result) === 1;
  }

  /** Cancels (actor `system`) those of these bindings still live. */
  async cancelLive(tx: EntityManager, bindingIds: readonly string[], at: Date): Promise<void> {
    await tx.query(
      "UPDATE bindings SET status = 'cancelled', live_partner_id = NULL, cancelled_by = NULL, cancelled_at = ?, version = version + 1 WHERE id IN (?) AND status IN ('pending', 'active')",
      [at, bindingIds],
    );
  }

  /** Writes one audit event; the binding's owners are copied from its row (written earlier in this transaction), for the audit export. */
  async insertEvent(tx: EntityManager, event: NewEvent): Promise<void> {
    const { sql, values } = eventStatement(event, { sql: '?', values: [event.data === null ? null : JSON.stringify(event.data)] });
    await tx.query(sql, values);
  }

  /** Writes audit events of bindings whose owners the caller has read (one multi-row INSERT). */
  async insertEvents(tx: EntityManager, events: ReadonlyArray<NewEvent & { accountId: string; partnerId: string }>): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO binding_events (${EVENT_COLUMNS}) VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      events.flatMap((e) => [
        e.id,
        e.bindingId,
        e.accountId,
        e.partnerId,
        e.type,
        e.actorId,
        e.actorKind,
        e.fromStatus,
        e.toStatus,
        e.at,
        e.data === null ? null : JSON.stringify(e.data),
      ]),
    );
  }

  // ---- "Turn On" in one packet ----------------------------------------------------------

  /**
   * The whole "Turn On" transaction in one round trip: START TRANSACTION, the cap's lock, the checked INSERT,
   * then the event, the notice's outbox row, the timers and the Idempotency-Key's answer, each written only if
   * the binding's row exists, then COMMIT. Returns the granted scopes, or null when the checks inserted nothing
   * (the caller's reads then say why). Throws the driver's duplicate-key error when the pair already has a
   * binding holding the live slot; on any error the transaction is rolled back before the connection is reused.
   */
  async insertRequest(write: RequestWrite): Promise<AccessScope[] | null> {
    const { binding, event, notice } = write;
    const asked = write.askedScopes === null ? null : JSON.stringify(write.askedScopes);
    const now = binding.requestedAt;
    const statements: Array<{ sql: string; values: unknown[] }> = [
      { sql: 'START TRANSACTION', values: [] },
      { sql: LOCK_IF_CAPPED, values: [binding.accountId, write.defaultCap] },
      {
        sql: INSERT_REQUEST,
        values: [
          binding.id,
          binding.requestedBy,
          binding.requestedAt,
          binding.expiresAt,
          binding.endsAt,
          write.askedScopes === null ? null : JSON.stringify(binding.scopes),
          binding.partnerId,
          binding.accountId,
          asked,
          asked,
          asked,
          write.defaultCap,
          now,
          now,
          now,
          now,
          write.defaultCap,
        ],
      },
      eventStatement(
        { ...event, bindingId: binding.id },
        { sql: `JSON_SET(?, '$.scopes', ${SCOPE_STRING})`, values: [JSON.stringify(event.data ?? {}), ...SCOPE_STRING_VALUES] },
      ),
      {
        sql: `INSERT INTO outbox (${OUTBOX_COLUMNS})
              SELECT ?, ?, ?, JSON_SET(?, '$.binding.scopes', JSON_EXTRACT(b.scopes, '$'), '$.account.name', a.name), ?, ?, ?
              FROM bindings b JOIN accounts a ON a.id = b.account_id WHERE b.id = ?`,
        values: [...outboxValues(notice, now), binding.id],
      },
      ...armTimersIfBound(write.timers),
      ...(write.answer ? [write.answer] : []),
      { sql: 'SELECT scopes FROM bindings WHERE id = ?', values: [binding.id] },
      { sql: 'COMMIT', values: [] },
    ];
    const results = await this.sendPacket(
      statements.map((statement) => statement.sql).join(';\n'),
      statements.flatMap((statement) => statement.values),
    );
    const [row] = results[statements.length - 2] as Array<{ scopes: string | string[] }>;
    return row ? parseScopes(row.scopes) : null;
  }

  /** Sends one multi-statement packet on a connection of its own; a failed packet is rolled back before the connection goes back. */
  private async sendPacket(sql: string, values: unknown[]): Promise<unknown[]> {
    const connection = await new Promise<PoolConnection>((resolve, reject) =>
      this.packetPool().getConnection((error, opened) => (error ? reject(error) : resolve(opened))),
    );
    try {
      return await new Promise<unknown[]>((resolve, reject) =>
        connection.query(sql, values, (error, results) => (error ? reject(error) : resolve(results as unknown[]))),
      );
    } catch (error) {
      // The statements after the failing one did not run: the transaction is still open on this connection.
      await new Promise<void>((resolve) =>
        connection.query('ROLLBACK', (rollbackError) => {
          if (rollbackError) connection.destroy();
          resolve();
        }),
      );
      throw error;
    } finally {
      connection.release();
    }
  }

  /** Opened on first use: a process that never binds opens no connection for it. Half the main pool: each bind holds a connection for one round trip. */
  private packetPool(): Pool {
    this.packets ??= openMultiStatementPool(this.config, Math.max(2, Math.ceil(this.config.db.poolSize / 2)));
    return this.packets;
  }
}
