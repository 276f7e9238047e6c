import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsService } from '@app/accounts';
import { bindingTransitions, newId } from '@app/common';
import { UnitOfWork, type OutboxMessage } from '@app/database';
import { noticeEvent } from '@app/notifications';
import { decide } from './binding-state.js';
import { TimerKind, claimDueTimers, deleteTimer, postponeTimer, type BindingTimer } from './binding-timers.js';
import { BindingsRepository } from './bindings.repository.js';
import { BindingsService, SYSTEM } from './bindings.service.js';
import { toBindingView } from './binding.view.js';

export interface FiredTimers {
  /** Requests this run expired. */
  expired: number;
  /** Bindings this run ended (their endsAt passed). */
  ended: number;
  /** Reminders sent (binding.ending_soon, binding.request_expiring). */
  reminded: number;
  /** Timers deleted unfired: their binding had already moved on (answered, cancelled, extended). */
  dropped: number;
  /** Timers whose firing threw: postponed, tried again later. */
  failed: number;
}

/** How long a timer whose firing threw waits before it is tried again. */
export const RETRY_FAILED_AFTER_MS = 30_000;

type Outbox = (messages: OutboxMessage[]) => Promise<void>;

/**
 * Fires due binding timers (docs/API.md#retention). Each batch is one transaction: it claims due rows
 * with SELECT … FOR UPDATE SKIP LOCKED, fires each, and deletes it, so a timer fires exactly once
 * however many workers sweep at the same moment, and a crash mid-batch leaves every row to fire again.
 */
@Injectable()
export class BindingTimersService {
  private readonly logger = new Logger(BindingTimersService.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(BindingsService) private readonly workflow: BindingsService,
    @Inject(BindingsRepository) private readonly bindings: BindingsRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
  ) {}

  /**
   * Fires what is due, batch after batch, until nothing is due or `deadline` (epoch ms) has passed. A timer
   * whose firing throws rolls its batch back; it is postponed by RETRY_FAILED_AFTER_MS (so one bad row never
   * stalls the others, which are claimed again at once) and tried again then.
   */
  async fireDue(options: { batchSize: number; deadline: number }): Promise<FiredTimers> {
    const fired: FiredTimers = { expired: 0, ended: 0, reminded: 0, dropped: 0, failed: 0 };
    while (Date.now() < options.deadline) {
      let firing: BindingTimer | null = null;
      const outcomes = await this.unitOfWork
        .run(async (tx, outbox) => {
          const due = await claimDueTimers(tx, new Date(), options.batchSize);
          const done: Array<keyof FiredTimers> = [];
          for (const timer of due) {
            firing = timer;
            done.push(await this.fire(tx, outbox, timer));
            await deleteTimer(tx, timer);
          }
          firing = null;
          return done;
        })
        .catch(async (error: unknown) => {
          if (!firing) throw error; // claiming or committing failed: nothing to single out, the next run tries again
          await this.postpone(firing, error);
          return ['failed' as const];
        });
      for (const outcome of outcomes) {
        fired[outcome]++;
        if (outcome === 'expired') bindingTransitions.inc({ type: 'binding.expired' });
        if (outcome === 'ended') bindingTransitions.inc({ type: 'binding.ended' });
      }
      if (outcomes.length < options.batchSize && !outcomes.includes('failed')) break;
    }
    return fired;
  }

  /** Moves a timer that failed to fire a little later (only if nobody re-armed it meanwhile). */
  private async postpone(timer: BindingTimer, error: unknown): Promise<void> {
    this.logger.warn(
      `Binding timer ${timer.kind}/${timer.offsetSeconds} of binding ${timer.bindingId} failed to fire (${error instanceof Error ? error.message : String(error)}); retrying in ${RETRY_FAILED_AFTER_MS / 1000} s`,
    );
    await this.unitOfWork.run((tx) => postponeTimer(tx, timer, new Date(Date.now() + RETRY_FAILED_AFTER_MS)));
  }

  private async fire(tx: EntityManager, outbox: Outbox, timer: BindingTimer): Promise<keyof FiredTimers> {
    switch (timer.kind) {
      case TimerKind.RequestExpiry:
        return this.lapse(tx, outbox, timer, 'expire');
      case TimerKind.BindingEnd:
        return this.lapse(tx, outbox, timer, 'end');
      case TimerKind.EndReminder:
      case TimerKind.RequestExpiryReminder:
        return this.remind(tx, outbox, timer);
      default:
        return 'dropped'; // a kind this version does not know: never fire it blindly
    }
  }

  /**
   * A reminder is a notice, not a transition: it goes out only while the binding is still in the state and
   * at the moment it was armed for (an extension re-arms reminders for the new end and deletes these).
   * Deleted in the same transaction as its notices are written: exactly once per (binding, kind, offset).
   */
  private async remind(tx: EntityManager, outbox: Outbox, timer: BindingTimer): Promise<keyof FiredTimers> {
    const binding = await this.bindings.findIn(tx, timer.bindingId);
    if (!binding) return 'dropped';
    const now = new Date();
    const ending = timer.kind === TimerKind.EndReminder;
    const [status, moment] = ending ? (['active', binding.endsAt] as const) : (['pending', binding.expiresAt] as const);
    // Late (the workers were down) past the moment itself: the end or expiry notice says it all.
    if (binding.status !== status || moment?.getTime() !== timer.armedFor.getTime() || moment.getTime() <= now.getTime()) return 'dropped';
    const account = await this.accounts.getAccount(binding.accountId);
    const type = ending ? 'binding.ending_soon' : 'binding.request_expiring';
    await outbox([
      noticeEvent({
        eventId: newId(),
        type,
        occurredAt: now.toISOString(),
        binding: toBindingView(binding, now),
        account: { id: binding.accountId, name: account?.name ?? '' },
        remindAt: timer.dueAt.toISOString(),
      }),
    ]);
    return 'reminded';
  }

  /** The binding row is locked (after the timer: the lock order transitions keep), so the transition cannot lose. */
  private async lapse(tx: EntityManager, outbox: Outbox, timer: BindingTimer, transition: 'expire' | 'end'): Promise<keyof FiredTimers> {
    const current = await this.bindings.lock(tx, timer.bindingId);
    if (!current) return 'dropped';
    const now = new Date();
    const decision = decide(transition, current.status, current.expiresAt, now, current.endsAt);
    if (decision.kind !== 'apply') return 'dropped';
    const account = await this.accounts.getAccount(current.accountId);
    const step = { transition, current, from: decision.from, to: decision.to, actor: SYSTEM, now, accountName: account?.name ?? '', declineReason: null };
    await this.workflow.applyTransition(tx, outbox, step, { skipLockedTimers: true });
    return transition === 'expire' ? 'expired' : 'ended';
  }
}
