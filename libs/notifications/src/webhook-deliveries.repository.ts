import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TimeKey } from '@app/common';
import { Sql, purgeByIdRange, type IdRangePurgeOptions } from '@app/database';
import type { EndpointOwner, EndpointOwnerKind } from './endpoint-owner.js';
import type { DeliveryStatus } from './webhook-delivery.entity.js';

/** A delivery as the owner's log shows it. */
export interface DeliveryView {
  id: string;
  eventId: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** A delivery as an attempt needs it: whose it is, the exact bytes to send, and the chain it belongs to. */
export interface DeliveryRecord {
  id: string;
  eventId: string;
  owner: EndpointOwner;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  generation: number;
  createdAt: Date;
}

/** What an attempt writes to its delivery (attempts is counted up by the statement itself). */
export interface AttemptRecord {
  status: DeliveryStatus;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt?: Date;
}

interface DeliveryRow {
  id: string;
  event_id: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
}

interface DeliveryRecordRow {
  id: string;
  event_id: string;
  owner_kind: EndpointOwnerKind;
  owner_id: string;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  generation: number;
  created_at: Date | string;
}

const VIEW_COLUMNS = 'id, event_id, type, status, attempts, last_status_code, last_error, next_attempt_at, delivered_at, created_at';
const RECORD_COLUMNS = 'id, event_id, owner_kind, owner_id, type, body, status, attempts, generation, created_at';

const INSERT_COLUMNS = 'id, event_id, owner_kind, owner_id, type, body, status, attempts, generation, next_attempt_at, created_at';
const INSERT_PLACEHOLDERS = INSERT_COLUMNS.split(', ')
  .map(() => '?')
  .join(', ');
const insertValues = (d: DeliveryRecord, nextAttemptAt: Date) => [
  d.id,
  d.eventId,
  d.owner.kind,
  d.owner.id,
  d.type,
  d.body,
  d.status,
  d.attempts,
  d.generation,
  nextAttemptAt,
  d.createdAt,
];

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const toDeliveryView = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  eventId: row.event_id,
  type: row.type,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  nextAttemptAt: iso(row.next_attempt_at),
  deliveredAt: iso(row.delivered_at),
  createdAt: new Date(row.created_at).toISOString(),
});

const toDeliveryRecord = (row: DeliveryRecordRow): DeliveryRecord => ({
  id: row.id,
  eventId: row.event_id,
  owner: { kind: row.owner_kind, id: row.owner_id },
  type: row.type,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  generation: row.generation,
  createdAt: new Date(row.created_at),
});

/** The view of a delivery this process has just written (no read back): a fresh delivery has no attempt yet. */
export const freshDeliveryView = (delivery: DeliveryRecord, nextAttemptAt: Date): DeliveryView => ({
  id: delivery.id,
  eventId: delivery.eventId,
  type: delivery.type,
  status: delivery.status,
  attempts: delivery.attempts,
  lastStatusCode: null,
  lastError: null,
  nextAttemptAt: nextAttemptAt.toISOString(),
  deliveredAt: null,
  createdAt: delivery.createdAt.toISOString(),
});

/**
 * The webhook delivery log's data access (webhook_deliveries): the only place that knows its columns.
 * Everything on a delivery job's path (create, read, record an attempt) is one plain-SQL statement
 * on the pool; the redelivery runs in the caller's transaction.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(
    @Inject(Sql) private readonly sql: Sql,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /** Inserts a new pending delivery; false when the owner already has one for the event (a re-run job). */
  async insertIfAbsent(delivery: DeliveryRecord, nextAttemptAt: Date): Promise<boolean> {
    const result = await this.sql.write(
      `INSERT IGNORE INTO webhook_deliveries (${INSERT_COLUMNS}) VALUES (${INSERT_PLACEHOLDERS})`,
      insertValues(delivery, nextAttemptAt),
    );
    return result.affectedRows === 1;
  }

  /** Inserts a new pending delivery in the caller's transaction (a ping: its event is new). */
  async insert(tx: EntityManager, delivery: DeliveryRecord, nextAttemptAt: Date): Promise<void> {
    await tx.query(`INSERT INTO webhook_deliveries (${INSERT_COLUMNS}) VALUES (${INSERT_PLACEHOLDERS})`, insertValues(delivery, nextAttemptAt));
  }

  async findByEvent(eventId: string, owner: EndpointOwner): Promise<DeliveryRecord | null> {
    const [row] = await this.sql.select<DeliveryRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM webhook_deliveries WHERE event_id = ? AND owner_kind = ? AND owner_id = ? LIMIT 1`,
      [eventId, owner.kind, owner.id],
    );
    return row ? toDeliveryRecord(row) : null;
  }

  /** A delivery by id, only if it is `owner`'s when given. */
  async find(deliveryId: string, owner?: EndpointOwner): Promise<DeliveryRecord | null> {
    const [row] = await this.sql.select<DeliveryRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM webhook_deliveries WHERE id = ?${owner ? ' AND owner_kind = ? AND owner_id = ?' : ''} LIMIT 1`,
      owner ? [deliveryId, owner.kind, owner.id] : [deliveryId],
    );
    return row ? toDeliveryRecord(row) : null;
  }

  async exists(deliveryId: string, owner: EndpointOwner, tx?: EntityManager): Promise<boolean> {
    const statement = 'SELECT 1 AS found FROM webhook_deliveries WHERE id = ? AND owner_kind = ? AND owner_id = ? LIMIT 1';
    const values = [deliveryId, owner.kind, owner.id];
    const rows: unknown[] = tx ? await tx.query(statement, values) : await this.sql.select(statement, values);
    return rows.length > 0;
  }

  /**
   * Records an attempt only if the row is still where the attempt found it (same chain, still pending,
   * same attempt count): a duplicate run of the job, or an attempt of an older chain, never overwrites
   * another's outcome. `counted`: the attempt reached the sender (a delivery failed for want of a URL is not).
   * False when it was not recorded.
   */
  async recordAttempt(delivery: DeliveryRecord, attempt: AttemptRecord, counted: boolean): Promise<boolean> {
    const result = await this.sql.write(
      `UPDATE webhook_deliveries SET status = ?, last_status_code = ?, last_error = ?, next_attempt_at = ?${attempt.deliveredAt ? ', delivered_at = ?' : ''}` +
        `${counted ? ', attempts = attempts + 1' : ''} WHERE id = ? AND generation = ? AND status = 'pending' AND attempts = ?`,
      [
        attempt.status,
        attempt.lastStatusCode,
        attempt.lastError,
        attempt.nextAttemptAt,
        ...(attempt.deliveredAt ? [attempt.deliveredAt] : []),
        delivery.id,
        delivery.generation,
        delivery.attempts,
      ],
    );
    return result.affectedRows === 1;
  }

  /** The owner's log, newest first, after the keyset `before` (created_at, id), optionally only some statuses. */
  async list(owner: EndpointOwner, statuses: readonly DeliveryStatus[] | undefined, limit: number, before?: TimeKey): Promise<DeliveryView[]> {
    const filters = ['owner_kind = ?', 'owner_id = ?'];
    const values: unknown[] = [owner.kind, owner.id];
    if (statuses && statuses.length > 0) {
      filters.push(`status IN (${statuses.map(() => '?').join(', ')})`);
      values.push(...statuses);
    }
    if (before) {
      filters.push('(created_at < ? OR (created_at = ? AND id < ?))');
      values.push(before.at, before.at, before.id);
    }
    const rows = await this.sql.select<DeliveryRow>(
      `SELECT ${VIEW_COLUMNS} FROM webhook_deliveries WHERE ${filters.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...values, limit],
    );
    return rows.map(toDeliveryView);
  }

  /**
   * Reopens a finished delivery (delivered or failed) with a fresh chain, in the caller's transaction:
   * one conditional UPDATE decides, so at most one chain runs per delivery. Null when it did not
   * reopen (no such delivery of the owner's, or it is still pending).
   */
  async reopen(tx: EntityManager, deliveryId: string, owner: EndpointOwner, at: Date): Promise<{ view: DeliveryView; generation: number } | null> {
    const reopened: { affectedRows: number } = await tx.query(
      "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, generation = generation + 1, next_attempt_at = ? " +
        "WHERE id = ? AND owner_kind = ? AND owner_id = ? AND status <> 'pending'",
      [at, deliveryId, owner.kind, owner.id],
    );
    if (reopened.affectedRows !== 1) return null;
    // The new generation is the database's (generation + 1): read in the same transaction, under the row lock.
    const [row]: Array<DeliveryRow & { generation: number }> = await tx.query(`SELECT ${VIEW_COLUMNS}, generation FROM webhook_deliveries WHERE id = ?`, [
      deliveryId,
    ]);
    if (!row) throw new Error(`Delivery ${deliveryId} vanished while it was reopened`);
    return { view: toDeliveryView(row), generation: row.generation };
  }

  /** Deliveries made before `before` that are over. One still pending (retrying, redelivery asked for) stays whatever its age. */
  purgeFinished(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(this.db, 'webhook_deliveries', before, "DELETE FROM webhook_deliveries WHERE id >= ? AND id < ? AND status <> 'pending'", options);
  }
}
