import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '@app/accounts';
import { DomainError, InvalidStateError, NotFoundError, isUuid } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UnitOfWork } from '@app/database';
import { noticeEvent } from '@app/notifications';
import { lapseOf } from './binding-state.js';
import { endsAtProblem, parseEndsAt } from './binding-terms.js';
import { TimerKind, armTimers, disarmTimers, timersFor } from './binding-timers.js';
import { toBindingView, type BindingRecord, type BindingView } from './binding.view.js';
import { BindingsRepository } from './bindings.repository.js';
import { BindingsService } from './bindings.service.js';

/** Lost optimistic races before giving up (each loser re-reads and decides again). */
const MAX_ATTEMPTS = 8;

/**
 * Fixed terms (docs/API.md#fixed-terms): moving an active binding's end later, or removing it. The status
 * stays `active`; the audit trail records `binding.extended` and both sides are told.
 */
@Injectable()
export class BindingTermsService {
  constructor(
    @Inject(BindingsRepository) private readonly bindings: BindingsRepository,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(BindingsService) private readonly workflow: BindingsService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `POST …/bindings/:bindingId/extend { endsAt }`. One conditional UPDATE on (id, status active, version)
   * decides, so an extension racing the end (or a cancel) either lands first or gets 409; its timers are
   * disarmed and re-armed for the new end in the same transaction.
   */
  async extend(accountId: string, bindingId: string, rawEndsAt: string | null, extendedBy: string): Promise<BindingView> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.bindings.find(bindingId, { accountId });
      if (!current) throw new NotFoundError('Binding');
      const now = new Date();
      const lapse = lapseOf(current.status, current.expiresAt, current.endsAt, now);
      if (lapse) {
        await this.workflow.recordLapse(current.id, lapse);
        throw new InvalidStateError(lapse === 'end' ? 'This binding has ended.' : 'This request has expired.');
      }
      if (current.status !== 'active') throw new InvalidStateError(`A binding that is ${current.status} cannot be extended.`);
      const endsAt = parseEndsAt(rawEndsAt, now);
      if (current.endsAt === null) {
        if (endsAt === null) return toBindingView(current, now); // already open-ended: nothing to change
        throw endsAtProblem('This binding is open-ended; to give it an end, ask for a new binding.');
      }
      if (endsAt !== null && endsAt.getTime() <= current.endsAt.getTime()) throw endsAtProblem('endsAt must be later than the current end of the term.');

      const account = await this.accounts.getAccount(current.accountId);
      const changed = await this.unitOfWork
        .run(async (tx, outbox) => {
          await disarmTimers(tx, current.id); // timers first, then the binding row: the lock order every writer keeps
          if (!(await this.bindings.setEndsAt(tx, current, endsAt))) throw new LostRace();
          const updated: BindingRecord = { ...current, endsAt, version: current.version + 1 };
          if (endsAt)
            await armTimers(
              tx,
              timersFor(
                current.id,
                endsAt,
                TimerKind.BindingEnd,
                { kind: TimerKind.EndReminder, offsetsSeconds: this.config.reminders.bindingEndSeconds },
                now,
              ),
            );
          const data: Record<string, string> = { previousEndsAt: current.endsAt!.toISOString(), ...(endsAt ? { endsAt: endsAt.toISOString() } : {}) };
          const event = await this.workflow.recordEvent(tx, current.id, 'binding.extended', { kind: 'seller', id: extendedBy }, 'active', 'active', now, data);
          const view = toBindingView(updated, now);
          await outbox([
            noticeEvent({
              eventId: event.id,
              type: 'binding.extended',
              occurredAt: now.toISOString(),
              binding: view,
              account: { id: current.accountId, name: account?.name ?? '' },
            }),
          ]);
          return view;
        })
        .catch((error: unknown) => {
          if (error instanceof LostRace) return null;
          throw error;
        });
      if (changed) return changed;
    }
    throw new DomainError('INVALID_STATE', 'The binding is being changed concurrently; try again.');
  }
}

class LostRace extends Error {}
