import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { AccountsService } from '@app/accounts';
import { bindingTransitions, newId } from '@app/common';
import { Sql, UnitOfWork } from '@app/database';
import { noticeEvent } from '@app/notifications';
import { JobName, outboxJob } from '@app/queue';
import { isLiveAt } from './binding-state.js';
import { BINDING_COLUMNS, rowToBindingView, type BindingRow } from './binding.view.js';

/** Bindings per job step: one short transaction each, however many bindings the account or partner has. */
export const MODULE_EVENT_PAGE = 500;

type LiveRow = BindingRow & { live_partner_id: string };

/** A pending request past its expiresAt counts as expired, an active binding past its endsAt as ended (their timers end them), not as live. */
const liveAt = (row: BindingRow, now: Date) => isLiveAt(row.status, new Date(row.expires_at), row.ends_at === null ? null : new Date(row.ends_at), now);

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
    @Inject(Sql) private readonly sql: Sql,
    @Inject(AccountsService) private readonly accounts: AccountsService,
  ) {}

  /** Cancels (actor kind `system`) one page of a closed account's live bindings; the partners are told. */
  async closeAccountPage(accountId: string, after: string | null, pageSize = MODULE_EVENT_PAGE): Promise<{ cancelled: number; next: string | null }> {
    const account = await this.accounts.getAccount(accountId);
    const page = await this.sql.select<LiveRow>(
      `SELECT ${BINDING_COLUMNS}, live_partner_id FROM bindings WHERE account_id = ? AND live_partner_id > ? ORDER BY live_partner_id LIMIT ?`,
      [accountId, after ?? '', pageSize],
    );
    const outcome = await this.unitOfWork.run(async (tx, outbox) => {
      const now = new Date();
      const candidates = page.filter((row) => liveAt(row, now)).map((row) => row.id);
      if (candidates.length > 0) {
        // Timers before binding rows, the lock order every writer keeps (see BindingsService.applyTransition).
        await tx.query('DELETE FROM binding_timers WHERE binding_id IN (?)', [candidates]);
      }
      // Locked so a racing confirm or cancel waits and then finds the binding cancelled (its version moved on).
      const rows: LiveRow[] =
        candidates.length === 0 ? [] : await tx.query(`SELECT ${BINDING_COLUMNS}, live_partner_id FROM bindings WHERE id IN (?) FOR UPDATE`, [candidates]);
      const cancel = rows.filter((row) => liveAt(row, now));
      if (cancel.length > 0) {
        await tx.query(
          "UPDATE bindings SET status = 'cancelled', live_partner_id = NULL, cancelled_by = NULL, cancelled_at = ?, version = version + 1 WHERE id IN (?) AND status IN ('pending', 'active')",
          [now, cancel.map((row) => row.id)],
        );
        const events = cancel.map((row) => ({ id: newId(), row }));
        await tx.query(
          `INSERT INTO binding_events (id, binding_id, account_id, partner_id, type, actor_id, actor_kind, from_status, to_status, at, data) VALUES ${events.map(() => "(?, ?, ?, ?, 'binding.cancelled', NULL, 'system', ?, 'cancelled', ?, NULL)").join(', ')}`,
          events.flatMap(({ id, row }) => [id, row.id, row.account_id, row.partner_id, row.status, now]),
        );
        await outbox(
          events.map(({ id, row }) =>
            noticeEvent({
              eventId: id,
              type: 'binding.cancelled',
              occurredAt: now.toISOString(),
              binding: { ...rowToBindingView(row), status: 'cancelled', cancelledBy: null, cancelledAt: now.toISOString(), version: Number(row.version) + 1 },
              account: { id: accountId, name: account?.name ?? '' },
            }),
          ),
        );
      }
      const next = page.length === pageSize ? page.at(-1)!.live_partner_id : null;
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
    const rows = await this.sql.select<BindingRow>(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE live_partner_id = ? AND id > ? ORDER BY id LIMIT ?`, [
      partnerId,
      after ?? '',
      pageSize,
    ]);
    const now = new Date();
    const live = rows.filter((row) => liveAt(row, now));
    const accounts = await this.accounts.getAccounts(live.map((row) => row.account_id));
    const next = rows.length === pageSize ? rows.at(-1)!.id : null;
    await this.unitOfWork.run(async (_tx, outbox) => {
      await outbox(
        live.map((row) =>
          noticeEvent({
            eventId: uuidv5(row.id, decertificationId),
            type: 'partner.decertified',
            occurredAt: now.toISOString(),
            binding: rowToBindingView(row),
            account: { id: row.account_id, name: accounts.get(row.account_id)?.name ?? '' },
          }),
        ),
      );
      if (next) await outbox([outboxJob(JobName.TellPartnerDecertified, { partnerId, decertificationId, after: next })]);
    });
    return { told: live.length, next };
  }
}
