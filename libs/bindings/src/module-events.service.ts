import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { AccountsService } from '@app/accounts';
import { bindingTransitions, newId } from '@app/common';
import { UnitOfWork } from '@app/database';
import { noticeEvent } from '@app/notifications';
import { JobName, outboxJob } from '@app/queue';
import { isLiveAt } from './binding-state.js';
import { disarmTimersOf } from './binding-timers.js';
import { toBindingView, type BindingRecord } from './binding.view.js';
import { BindingsRepository } from './bindings.repository.js';

/** Bindings per job step: one short transaction each, however many bindings the account or partner has. */
export const MODULE_EVENT_PAGE = 500;

/** A pending request past its expiresAt counts as expired, an active binding past its endsAt as ended (their timers end them), not as live. */
const liveAt = (binding: BindingRecord, now: Date) => isLiveAt(binding.status, binding.expiresAt, binding.endsAt, now);
/**
 * What the Bindings module does when another module tells it something over a job: each call is one
 * keyset page in one short transaction that writes its transitions or notices and, when there may be more,
 * the outbox row of the next page. Safe to repeat: a cancel is a conditional UPDATE of rows still live, and a
 * decertification notice's event id is derived from (decertification, binding), so a repeat is the same notice.
 */
@Injectable()
export class ModuleEventsService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(BindingsRepository) private readonly bindings: BindingsRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
  ) {}

  /** Cancels (actor kind `system`) one page of a closed account's live bindings; the partners are told. */
  async closeAccountPage(accountId: string, after: string | null, pageSize = MODULE_EVENT_PAGE): Promise<{ cancelled: number; next: string | null }> {
    const account = await this.accounts.getAccount(accountId);
    const page = await this.bindings.liveOfAccount(accountId, after, pageSize);
    const outcome = await this.unitOfWork.run(async (tx, outbox) => {
      const now = new Date();
      const candidates = page.filter((binding) => liveAt(binding, now)).map((binding) => binding.id);
      // Timers before binding rows, the lock order every writer keeps (see BindingsService.applyTransition).
      await disarmTimersOf(tx, candidates);
      // Locked so a racing confirm or cancel waits and then finds the binding cancelled (its version moved on).
      const rows = await this.bindings.lockMany(tx, candidates);
      const cancel = rows.filter((binding) => liveAt(binding, now));
      if (cancel.length > 0) {
        await this.bindings.cancelLive(
          tx,
          cancel.map((binding) => binding.id),
          now,
        );
        const events = cancel.map((binding) => ({ id: newId(), binding }));
        await this.bindings.insertEvents(
          tx,
          events.map(({ id, binding }) => ({
            id,
            bindingId: binding.id,
            accountId: binding.accountId,
            partnerId: binding.partnerId,
            type: 'binding.cancelled',
            actorId: null,
            actorKind: 'system',
            fromStatus: binding.status,
            toStatus: 'cancelled',
            at: now,
            data: null,
          })),
        );
        await outbox(
          events.map(({ id, binding }) =>
            noticeEvent({
              eventId: id,
              type: 'binding.cancelled',
              occurredAt: now.toISOString(),
              binding: toBindingView({ ...binding, status: 'cancelled', cancelledBy: null, cancelledAt: now, version: binding.version + 1 }, now),
              account: { id: accountId, name: account?.name ?? '' },
            }),
          ),
        );
      }
      // A live binding's live_partner_id is its partner_id: the keyset goes on from the last partner.
      const next = page.length === pageSize ? page.at(-1)!.partnerId : null;
      if (next) await outbox([outboxJob(JobName.CloseAccountBindings, { accountId, after: next })]);
      return { cancelled: cancel.length, next };
    });
    if (outcome.cancelled > 0) bindingTransitions.inc({ type: 'binding.cancelled' }, outcome.cancelled);
    return outcome;
  }

  /** Tells the sellers of one page of a decertified partner's live bindings (`partner.decertified`); the bindings stay. */
  async decertifiedPage(
    partnerId: string,
    decertificationId: string,
    after: string | null,
    pageSize = MODULE_EVENT_PAGE,
  ): Promise<{ told: number; next: string | null }> {
    const rows = await this.bindings.liveOfPartner(partnerId, after, pageSize);
    const now = new Date();
    const live = rows.filter((binding) => liveAt(binding, now));
    const accounts = await this.accounts.getAccounts(live.map((binding) => binding.accountId));
    const next = rows.length === pageSize ? rows.at(-1)!.id : null;
    await this.unitOfWork.run(async (_tx, outbox) => {
      await outbox(
        live.map((binding) =>
          noticeEvent({
            eventId: uuidv5(binding.id, decertificationId),
            type: 'partner.decertified',
            occurredAt: now.toISOString(),
            binding: toBindingView(binding, now),
            account: { id: binding.accountId, name: accounts.get(binding.accountId)?.name ?? '' },
          }),
        ),
      );
      if (next) await outbox([outboxJob(JobName.TellPartnerDecertified, { partnerId, decertificationId, after: next })]);
    });
    return { told: live.length, next };
  }
}
