import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { currentRequestId, newId } from '@app/common';

/** One job a state change implies; typed by the caller through the queue library's job map. */
export interface OutboxMessage {
  queueName: string;
  jobName: string;
  payload: unknown;
  delayMs?: number;
}

/** The outbox columns a writer fills, in the order of `outboxValues`. */
export const OUTBOX_COLUMNS = 'id, queue_name, job_name, payload, delay_ms, created_at, request_id';

/** One outbox row's values (payload as JSON text), in the order of OUTBOX_COLUMNS. */
export function outboxValues(message: OutboxMessage, now: Date): unknown[] {
  return [newId(), message.queueName, message.jobName, JSON.stringify(message.payload), message.delayMs ?? 0, now, currentRequestId() ?? null];
}

/**
 * The way to change state (the one exception, a "Turn On", sends its whole transaction as one packet and
 * calls `outboxCommitted` itself: BindingsRepository.insertRequest): `run` opens a transaction (READ COMMITTED, set per
 * connection: no gap locks between concurrent writers), hands the callback an `EntityManager` and an `outbox`
 * that writes jobs into the same transaction. Commit publishes nothing by itself;
 * after commit the relay is nudged so the jobs leave quickly.
 */
@Injectable()
export class UnitOfWork {
  private readonly committedListeners: Array<() => void> = [];

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: EntityManager, outbox: (messages: OutboxMessage[]) => Promise<void>) => Promise<T>): Promise<T> {
    let wroteOutbox = false;
    const result = await this.dataSource.transaction((tx) =>
      work(tx, async (messages) => {
        if (messages.length === 0) return;
        wroteOutbox = true;
        const now = new Date();
        // One multi-row INSERT in plain SQL: this runs inside every state change.
        await tx.query(
          `INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES ${messages.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          messages.flatMap((message) => outboxValues(message, now)),
        );
      }),
    );
    if (wroteOutbox) this.outboxCommitted();
    return result;
  }

  /** Wakes the relay: called after every commit that wrote outbox rows (also by writers that commit outside `run`). */
  outboxCommitted(): void {
    for (const listener of this.committedListeners) listener();
  }

  /** Called after every commit that wrote outbox rows (used to wake the relay early). */
  onOutboxCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }
}
