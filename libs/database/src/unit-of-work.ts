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

/**
 * The one way to change state: `run` opens a transaction (READ COMMITTED, set per
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
        const requestId = currentRequestId() ?? null;
        // One multi-row INSERT in plain SQL: this runs inside every state change.
        const values: unknown[] = [];
        for (const message of messages) {
          values.push(newId(), message.queueName, message.jobName, JSON.stringify(message.payload), message.delayMs ?? 0, now, requestId);
        }
        await tx.query(
          `INSERT INTO outbox (id, queue_name, job_name, payload, delay_ms, created_at, request_id) VALUES ${messages.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          values,
        );
      }),
    );
    if (wroteOutbox) for (const listener of this.committedListeners) listener();
    return result;
  }

  /** Called after every commit that wrote outbox rows (used to wake the relay early). */
  onOutboxCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }
}
