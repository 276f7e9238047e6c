import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsService } from '@app/accounts';
import { bindingTransitions } from '@app/common';
import { UnitOfWork, type OutboxMessage } from '@app/database';
import { BindingEntity } from './binding.entity.js';
import { decide } from './binding-state.js';
import { TimerKind, claimDueTimers, deleteTimer, type BindingTimer } from './binding-timers.js';
import { BindingsService, SYSTEM } from './bindings.service.js';

export interface FiredTimers {
  /** Requests this run expired. */
  expired: number;
  /** Timers deleted unfired: their binding had already moved on (answered, cancelled, extended). */
  dropped: number;
}

type Outbox = (messages: OutboxMessage[]) => Promise<void>;

/**
 * Fires due binding timers (docs/API.md#retention). Each batch is one transaction: it claims due rows
 * with SELECT … FOR UPDATE SKIP LOCKED, fires each, and deletes it, so a timer fires exactly once
 * however many workers sweep at the same moment, and a crash mid-batch leaves every row to fire again.
 */
@Injectable()
export class BindingTimersService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(BindingsService) private readonly bindings: BindingsService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
  ) {}

  /** Fires what is due, batch after batch, until nothing is due or `deadline` (epoch ms) has passed. */
  async fireDue(options: { batchSize: number; deadline: number }): Promise<FiredTimers> {
    const fired: FiredTimers = { expired: 0, dropped: 0 };
    while (Date.now() < options.deadline) {
      const outcomes = await this.unitOfWork.run(async (tx, outbox) => {
        const due = await claimDueTimers(tx, new Date(), options.batchSize);
        const done: Array<keyof FiredTimers> = [];
        for (const timer of due) {
          done.push(await this.fire(tx, outbox, timer));
          await deleteTimer(tx, timer);
        }
        return done;
      });
      for (const outcome of outcomes) {
        fired[outcome]++;
        if (outcome === 'expired') bindingTransitions.inc({ type: 'binding.expired' });
      }
      if (outcomes.length < options.batchSize) break;
    }
    return fired;
  }

  private async fire(tx: EntityManager, outbox: Outbox, timer: BindingTimer): Promise<keyof FiredTimers> {
    switch (timer.kind) {
      case TimerKind.RequestExpiry:
        return this.expire(tx, outbox, timer);
      default:
        return 'dropped';
    }
  }

  /** The binding row is locked (after the timer: the lock order transitions keep), so the transition cannot lose. */
  private async expire(tx: EntityManager, outbox: Outbox, timer: BindingTimer): Promise<keyof FiredTimers> {
    const current = await tx.getRepository(BindingEntity).findOne({ where: { id: timer.bindingId }, lock: { mode: 'pessimistic_write' } });
    if (!current) return 'dropped';
    const now = new Date();
    const decision = decide('expire', current.status, current.expiresAt, now);
    if (decision.kind !== 'apply') return 'dropped';
    const account = await this.accounts.getAccount(current.accountId);
    const step = { transition: 'expire' as const, current, from: decision.from, to: decision.to, actor: SYSTEM, now, accountName: account?.name ?? '', declineReason: null };
    await this.bindings.applyTransition(tx, outbox, step, { skipLockedTimers: true });
    return 'expired';
  }
}
