import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository, type EntityManager } from 'typeorm';
import { DomainError } from '@app/common';
import { affectedRows, isDuplicateKey } from '@app/database';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

const KEEP_MS = 24 * 3600 * 1000;
/** A key left "in progress" this long belongs to a request that died; the next one may take it over. */
const ABANDONED_AFTER_MS = 30_000;
/** How long a duplicate waits for the first request to finish before answering 409. */
const WAIT_FOR_FIRST_MS = 5_000;
const POLL_MS = 25;

export type IdempotencyStart = { kind: 'first' } | { kind: 'replay'; status: number; body: unknown };

export function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Idempotency-Key handling (docs/API.md#idempotency, POST bindings): the first request with a key
 * claims it by inserting a row (the primary key settles races); its answer is stored
 * in the same transaction as the binding, so a replay returns exactly that answer.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectRepository(IdempotencyKeyEntity) private readonly keys: Repository<IdempotencyKeyEntity>) {}

  async begin(userId: string, key: string, hash: string): Promise<IdempotencyStart> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const now = new Date();
      try {
        await this.keys.insert({
          userId,
          key,
          requestHash: hash,
          state: 'in_progress',
          responseStatus: null,
          responseBody: null,
          createdAt: now,
          updatedAt: now,
          expiresAt: new Date(now.getTime() + KEEP_MS),
        });
        return { kind: 'first' };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await this.keys.findOneBy({ userId, key });
      if (!existing) continue; // removed in between (abandoned or expired): try again
      if (existing.expiresAt <= now) {
        await this.keys.delete({ userId, key, expiresAt: LessThan(now) });
        continue;
      }
      if (existing.requestHash !== hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request.');
      if (existing.state === 'completed') return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
      if (existing.updatedAt.getTime() < now.getTime() - ABANDONED_AFTER_MS) {
        const taken = await this.keys.update({ userId, key, state: 'in_progress', updatedAt: existing.updatedAt }, { updatedAt: now });
        if (taken.affected === 1) return { kind: 'first' };
        continue;
      }
      if (Date.now() >= deadline)
        throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed. Retry shortly.');
      await sleep(POLL_MS);
    }
  }

  /** Stores the answer; called inside the transaction that made the change. */
  async complete(tx: EntityManager, userId: string, key: string, status: number, body: unknown): Promise<void> {
    await tx.update(IdempotencyKeyEntity, { userId, key }, { state: 'completed', responseStatus: status, responseBody: body as object, updatedAt: new Date() });
  }

  /**
   * `complete` as one statement for a bind's one-packet transaction (BindingsRepository.insertRequest): it stores
   * the answer only if the binding's row exists, with the binding's granted scopes (`$.scopes`) taken from that row.
   */
  completeWithBinding(userId: string, key: string, status: number, body: unknown, bindingId: string): { sql: string; values: unknown[] } {
    return {
      sql: `UPDATE idempotency_keys k JOIN bindings b ON b.id = ?
            SET k.state = 'completed', k.response_status = ?, k.response_body = JSON_SET(?, '$.scopes', JSON_EXTRACT(b.scopes, '$')), k.updated_at = ?
            WHERE k.user_id = ? AND k.idem_key = ?`,
      values: [bindingId, status, JSON.stringify(body), new Date(), userId, key],
    };
  }

  /** Deletes up to `limit` keys past their 24 h, oldest first through their expiry index; returns how many went. */
  async purgeExpired(now: Date, limit: number): Promise<number> {
    return affectedRows(await this.keys.query('DELETE FROM idempotency_keys WHERE expires_at < ? ORDER BY expires_at LIMIT ?', [now, limit]));
  }

  /** The request failed: free the key so a retry runs afresh (only successes are replayed). */
  async abandon(userId: string, key: string): Promise<void> {
    await this.keys.delete({ userId, key, state: 'in_progress' });
  }
}
