import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { AccountsService } from '@app/accounts';
import { CursorCodec, DomainError, bindingTransitions, InvalidStateError, NotFoundError, ValidationFailedError, isUuid, newId, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Sql, UnitOfWork, affectedRows, isDuplicateKey, type OutboxMessage } from '@app/database';
import { noticeEvent, type BindingNotice, type NoticeType } from '@app/notifications';
import { PartnersService, canonicalScopes, parseScopes, type AccessScope, type CataloguePartner } from '@app/partners';
import { BindingEntity } from './binding.entity.js';
import { BindingEventEntity, type ActorKind } from './binding-event.entity.js';
import { LIVE_STATUSES, decide, isLive, isLiveAt, lapseOf, type BindingStatus, type Transition } from './binding-state.js';
import { parseEndsAt } from './binding-terms.js';
import { BINDING_COLUMNS, rowToBindingView, toBindingView, toEventView, type BindingEventView, type BindingRow, type BindingView } from './binding.view.js';
import { IdempotencyStore, requestHash } from './idempotency.store.js';
import { TimerKind, armTimers, disarmTimers, timersFor } from './binding-timers.js';

export interface Actor {
  kind: ActorKind;
  id: string | null;
}

export const SYSTEM: Actor = { kind: 'system', id: null };

const NOTICE_OF: Record<Transition, NoticeType> = {
  confirm: 'binding.confirmed',
  decline: 'binding.declined',
  expire: 'binding.expired',
  cancel: 'binding.cancelled',
  terminate: 'binding.terminated',
  end: 'binding.ended',
};

/** Lost optimistic races before giving up (each loser re-reads and decides again). */
const MAX_TRANSITION_ATTEMPTS = 8;

type Scope = { accountId: string } | { partnerId: string } | Record<string, never>;

export interface RequestInput {
  accountId: string;
  partnerId: string;
  requestedBy: string;
  /** The end of the term as given (ISO time), or null/absent for open-ended (docs/API.md#fixed-terms). */
  endsAt?: string | null;
  /** What the binding grants; absent means everything the partner offers (docs/API.md#scopes). */
  scopes?: readonly string[];
}

/** Scopes the way an event's data carries them: space-separated, like an OAuth scope string. */
const scopeString = (scopes: readonly string[]) => scopes.join(' ');

/** Everything one transition needs, decided before its transaction starts. */
export interface TransitionStep {
  transition: Transition;
  current: BindingEntity;
  from: BindingStatus;
  to: BindingStatus;
  actor: Actor;
  now: Date;
  accountName: string;
  declineReason: string | null;
}

/** Thrown inside a transition's transaction when another writer moved the binding first: rolls it back. */
class LostRace extends Error {}

type TransitionOutcome =
  { kind: 'changed' | 'unchanged'; binding: BindingView } | { kind: 'invalid'; from: BindingStatus } | { kind: 'overdue'; lapse: 'expire' | 'end' };

/**
 * The binding workflow. Every transition is one conditional UPDATE (on id, status and
 * version) whose affected-row count decides who won; the audit event and its notice (one
 * outbox message: libs/notifications decides who hears it, by which channels) are written in
 * the same transaction, never sent directly.
 */
@Injectable()
export class BindingsService {
  private readonly logger = new Logger(BindingsService.name);
  private readonly cursors: CursorCodec;

  constructor(
    @InjectRepository(BindingEntity) private readonly bindings: Repository<BindingEntity>,
    @InjectRepository(BindingEventEntity) private readonly events: Repository<BindingEventEntity>,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Sql) private readonly sql: Sql,
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  // ---- requests -------------------------------------------------------------------------

  /**
   * An administrator's "Turn On": a pending request to the partner. With an
   * idempotency key, a replay returns the first successful answer again.
   */
  async requestBinding(input: RequestInput & { idempotencyKey?: string }): Promise<BindingView> {
    const { idempotencyKey: key, requestedBy: userId } = input;
    if (key === undefined) return this.createRequest(input);

    // endsAt and scopes are part of the body: the same key with another end or other scopes is another request (422).
    // Each joins the hash only when given, so keys used before they existed still replay.
    const body = [
      'POST bindings',
      input.accountId,
      input.partnerId,
      ...(input.endsAt == null ? [] : [input.endsAt]),
      ...(input.scopes ? [scopeString(canonicalScopes(input.scopes))] : []),
    ];
    const start = await this.idempotency.begin(userId, key, requestHash(body));
    if (start.kind === 'replay') return start.body as BindingView;
    try {
      return await this.createRequest(input, (tx, binding) => this.idempotency.complete(tx, userId, key, 202, binding));
    } catch (error) {
      await this.idempotency.abandon(userId, key).catch((cleanup) => this.logger.warn(`Could not free an idempotency key: ${String(cleanup)}`));
      throw error;
    }
  }

  /** The scopes a request grants: what was asked (each one offered by the partner), else all the partner offers. */
  private grantedScopes(partner: CataloguePartner, asked: readonly string[] | undefined): AccessScope[] {
    if (asked === undefined) return partner.scopes;
    const notOffered = asked.filter((scope) => !(partner.scopes as readonly string[]).includes(scope));
    if (notOffered.length > 0) {
      throw new ValidationFailedError('The request names scopes this partner does not offer.', [
        { field: 'scopes', message: `not offered by this partner: ${notOffered.join(', ')}` },
      ]);
    }
    const scopes = canonicalScopes(asked);
    if (scopes.length === 0)
      throw new ValidationFailedError('A binding must grant at least one scope.', [{ field: 'scopes', message: 'scopes must name at least one scope' }]);
    return scopes;
  }

  /** The pending binding a "Turn On" writes (not yet saved). */
  private newRequest(input: RequestInput, scopes: AccessScope[], endsAt: Date | null, now: Date): BindingEntity {
    return this.bindings.create({
      id: newId(),
      accountId: input.accountId,
      partnerId: input.partnerId,
      livePartnerId: input.partnerId,
      status: 'pending',
      requestedBy: input.requestedBy,
      requestedAt: now,
      // A request with an end expires at the earlier of its TTL and that end.
      expiresAt: new Date(Math.min(now.getTime() + this.config.bindingRequestTtlSeconds * 1000, endsAt?.getTime() ?? Infinity)),
      respondedBy: null,
      respondedAt: null,
      cancelledBy: null,
      cancelledAt: null,
      declineReason: null,
      terminatedAt: null,
      terminationReason: null,
      scopes,
      endsAt,
      endedAt: null,
      version: 1,
    });
  }

  private async createRequest(input: RequestInput, alsoInTransaction?: (tx: EntityManager, binding: BindingView) => Promise<void>): Promise<BindingView> {
    const endsAt = parseEndsAt(input.endsAt, new Date());
    const [partner, account] = await Promise.all([
      isUuid(input.partnerId) ? this.partners.getCertified(input.partnerId) : null,
      this.accounts.getAccount(input.accountId),
    ]);
    if (!partner) throw new DomainError('PARTNER_NOT_BINDABLE', 'This partner does not exist or is not certified, so it cannot be bound.');
    // A closed account binds nothing (its users are refused already; this covers a request that got past the guard first).
    if (!account?.active) throw new NotFoundError('Account');
    const scopes = this.grantedScopes(partner, input.scopes);

    // The unique live index decides; an overdue request still holding the slot is expired first, once.
    for (let attempt = 0; ; attempt++) {
      const now = new Date();
      const binding = this.newRequest(input, scopes, endsAt, now);
      const view = toBindingView(binding);
      try {
        await this.unitOfWork.run(async (tx, outbox) => {
          if (this.config.maxLivePartnersPerAccount > 0 || account.maxLivePartners) await this.holdLiveLimit(tx, input.accountId, input.partnerId, now);
          await tx.query(
            'INSERT INTO bindings (id, account_id, partner_id, live_partner_id, status, requested_by, requested_at, expires_at, ends_at, scopes, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
            [
              binding.id,
              binding.accountId,
              binding.partnerId,
              binding.livePartnerId,
              binding.status,
              binding.requestedBy,
              binding.requestedAt,
              binding.expiresAt,
              binding.endsAt,
              JSON.stringify(scopes),
            ],
          );
          const event = await this.recordEvent(tx, binding.id, 'binding.requested', { kind: 'seller', id: input.requestedBy }, null, 'pending', now, {
            expiresAt: view.expiresAt,
            ...(view.endsAt ? { endsAt: view.endsAt } : {}),
            scopes: scopeString(scopes),
          });
          await outbox([
            noticeEvent({
              eventId: event.id,
              type: 'binding.requested',
              occurredAt: now.toISOString(),
              binding: view,
              account: { id: account.id, name: account.name },
            }),
          ]);
          // The expiry is a row in binding_timers, not a delayed job: Redis holds nothing for this request.
          const reminder = this.config.reminders.requestExpirySeconds;
          await armTimers(
            tx,
            timersFor(
              binding.id,
              binding.expiresAt,
              TimerKind.RequestExpiry,
              { kind: TimerKind.RequestExpiryReminder, offsetsSeconds: reminder > 0 ? [reminder] : [] },
              now,
            ),
          );
          await alsoInTransaction?.(tx, view);
        });
        bindingTransitions.inc({ type: 'binding.requested' });
        return view;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const live = await this.bindings.findOneBy({ accountId: input.accountId, partnerId: input.partnerId, status: In([...LIVE_STATUSES]) });
        // A request past its expiry, or a binding past its end, holds the slot only until that is recorded: once.
        const lapse = live ? lapseOf(live.status, live.expiresAt, live.endsAt, new Date()) : null;
        if (attempt === 0 && live && lapse) {
          await this.recordLapse(live.id, lapse);
          continue;
        }
        throw new DomainError('BINDING_EXISTS', 'This partner already has a pending or active binding with this account.');
      }
    }
  }

  /**
   * The account's live-partner limit (docs/API.md#live-limit), in the bind's transaction: the account
   * row is locked first, so binds of one account run this check one at a time and each counts what
   * the ones before it committed; binds of other accounts lock other rows and never wait here.
   * Overdue requests and bindings past their end do not count (they are expired or ended already); a live binding with this very partner
   * is left to the unique index, which answers BINDING_EXISTS.
   */
  private async holdLiveLimit(tx: EntityManager, accountId: string, partnerId: string, now: Date): Promise<void> {
    const locked = await this.accounts.lockForBinding(tx, accountId);
    if (!locked) throw new NotFoundError('Account');
    const cap = locked.maxLivePartners ?? this.config.maxLivePartnersPerAccount;
    if (cap === 0) return;
    const [live] = (await tx.query(
      // (account_id, live_partner_id) is the unique live index: this reads the account's live bindings only.
      "SELECT COUNT(*) AS n, COALESCE(SUM(partner_id = ?), 0) AS mine FROM bindings WHERE account_id = ? AND live_partner_id IS NOT NULL AND NOT (status = 'pending' AND expires_at <= ?) AND NOT (status = 'active' AND ends_at IS NOT NULL AND ends_at <= ?)",
      [partnerId, accountId, now, now],
    )) as Array<{ n: number | string; mine: number | string }>;
    if (Number(live?.mine) > 0 || Number(live?.n) < cap) return;
    throw new DomainError(
      'PARTNER_LIMIT_REACHED',
      `This account may have at most ${cap} live (pending or active) partner binding${cap === 1 ? '' : 's'}; cancel one first.`,
    );
  }

  // ---- transitions ----------------------------------------------------------------------

  cancel(accountId: string, bindingId: string, cancelledBy: string): Promise<BindingView> {
    return this.answer(this.transition('cancel', bindingId, { accountId }, { kind: 'seller', id: cancelledBy }));
  }

  confirm(partnerId: string, bindingId: string, confirmedBy: string): Promise<BindingView> {
    return this.answer(this.transition('confirm', bindingId, { partnerId }, { kind: 'partner', id: confirmedBy }));
  }

  decline(partnerId: string, bindingId: string, declinedBy: string, reason: string | null): Promise<BindingView> {
    return this.answer(this.transition('decline', bindingId, { partnerId }, { kind: 'partner', id: declinedBy }, reason));
  }

  /** The partner's exit from an active binding (docs/API.md#partner-exit); the seller is told. */
  terminate(partnerId: string, bindingId: string, terminatedBy: string, reason: string | null): Promise<BindingView> {
    return this.answer(this.transition('terminate', bindingId, { partnerId }, { kind: 'partner', id: terminatedBy }, reason));
  }

  /**
   * Expires a pending request whose time has come; a no-op otherwise. Safe to call
   * from any number of workers at once: the conditional update lets exactly one win.
   * Returns true when this call expired it.
   */
  async expire(bindingId: string): Promise<boolean> {
    const outcome = await this.transition('expire', bindingId, {}, SYSTEM);
    return outcome.kind === 'changed';
  }

  /** Ends an active binding whose endsAt has passed; a no-op otherwise (exactly one caller wins). */
  async end(bindingId: string): Promise<boolean> {
    const outcome = await this.transition('end', bindingId, {}, SYSTEM);
    return outcome.kind === 'changed';
  }

  /** Records the timed transition that has come due (what a read already shows), before refusing what was asked. */
  recordLapse(bindingId: string, lapse: 'expire' | 'end'): Promise<boolean> {
    return lapse === 'expire' ? this.expire(bindingId) : this.end(bindingId);
  }

  /** When a pending request is due to expire (null when it is no longer pending). */
  async pendingUntil(bindingId: string): Promise<Date | null> {
    const binding = await this.bindings.findOne({ where: { id: bindingId, status: 'pending' }, select: { id: true, expiresAt: true } });
    return binding?.expiresAt ?? null;
  }

  /**
   * An administrator narrows what a pending or active binding grants, at once (docs/API.md#scopes).
   * Not a transition: the status stays, the version grows, so a confirm racing it re-reads and
   * confirms the narrowed set. The same set again is a no-op without an event.
   */
  async narrowScopes(accountId: string, bindingId: string, asked: readonly string[], narrowedBy: string): Promise<BindingView> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    const wanted = canonicalScopes(asked);
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
      const current = await this.bindings.findOneBy({ id: bindingId, accountId });
      if (!current) throw new NotFoundError('Binding');
      const now = new Date();
      // Narrowing is allowed exactly where a cancel would be: pending or active, not past its expiry or end.
      const decision = decide('cancel', current.status, current.expiresAt, now, current.endsAt);
      if (decision.kind === 'overdue') {
        await this.recordLapse(current.id, decision.lapse);
        throw new InvalidStateError(decision.lapse === 'expire' ? 'This request has expired.' : 'This binding has ended.');
      }
      if (decision.kind !== 'apply') throw new InvalidStateError(`A binding that is ${current.status} cannot be narrowed.`);
      const held = parseScopes(current.scopes);
      const extra = wanted.filter((scope) => !held.includes(scope));
      if (extra.length > 0 || wanted.length === 0) {
        throw new ValidationFailedError('Scopes can only be narrowed: name a non-empty subset of the current ones (widening takes a new request).', [
          { field: 'scopes', message: extra.length > 0 ? `not granted now: ${extra.join(', ')}` : 'scopes must name at least one scope' },
        ]);
      }
      if (wanted.length === held.length) return toBindingView(current);

      const account = await this.accounts.getAccount(current.accountId);
      const changed = await this.unitOfWork.run(async (tx, outbox) => {
        const result: unknown = await tx.query('UPDATE bindings SET scopes = ?, version = version + 1 WHERE id = ? AND status = ? AND version = ?', [
          JSON.stringify(wanted),
          current.id,
          current.status,
          current.version,
        ]);
        if (affectedRows(result) !== 1) return null; // someone else moved it first: decide again on a fresh read
        const updated = { ...current, scopes: wanted, version: current.version + 1 } as BindingEntity;
        const data = { scopes: scopeString(wanted), previousScopes: scopeString(held) };
        const event = await this.recordEvent(
          tx,
          current.id,
          'binding.scopes_narrowed',
          { kind: 'seller', id: narrowedBy },
          current.status,
          current.status,
          now,
          data,
        );
        const notice: BindingNotice = {
          eventId: event.id,
          type: 'binding.scopes_narrowed',
          occurredAt: now.toISOString(),
          binding: toBindingView(updated),
          account: { id: current.accountId, name: account?.name ?? '' },
        };
        await outbox([noticeEvent(notice)]);
        return updated;
      });
      if (changed) {
        bindingTransitions.inc({ type: 'binding.scopes_narrowed' });
        return toBindingView(changed);
      }
    }
    throw new DomainError('INVALID_STATE', 'The binding is being changed concurrently; try again.');
  }

  private async answer(pending: Promise<TransitionOutcome>): Promise<BindingView> {
    const outcome = await pending;
    switch (outcome.kind) {
      case 'changed':
      case 'unchanged':
        return outcome.binding;
      case 'overdue':
        throw new InvalidStateError(outcome.lapse === 'end' ? 'This binding has ended.' : 'This request has expired.');
      case 'invalid':
        throw new InvalidStateError(`A binding that is ${outcome.from} cannot be changed this way.`);
    }
  }

  private async transition(transition: Transition, bindingId: string, scope: Scope, actor: Actor, reason: string | null = null): Promise<TransitionOutcome> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
      const current = await this.bindings.findOneBy({ id: bindingId, ...scope });
      if (!current) throw new NotFoundError('Binding');
      const now = new Date();
      const decision = decide(transition, current.status, current.expiresAt, now, current.endsAt);
      if (decision.kind === 'already') return { kind: 'unchanged', binding: toBindingView(current, now) };
      if (decision.kind === 'invalid') return decision;
      if (decision.kind === 'overdue') {
        await this.recordLapse(current.id, decision.lapse);
        return decision;
      }
      // Read before the transaction: never hold one pooled connection while waiting for another.
      const account = await this.accounts.getAccount(current.accountId);
      // The reason field carries a decline's or a termination's reason.
      const step: TransitionStep = {
        transition,
        current,
        from: decision.from,
        to: decision.to,
        actor,
        now,
        accountName: account?.name ?? '',
        declineReason: reason,
      };
      const changed = await this.unitOfWork
        .run((tx, outbox) => this.applyTransition(tx, outbox, step))
        .catch((error: unknown) => {
          if (error instanceof LostRace) return null; // someone else moved it first (rolled back): decide again on a fresh read
          throw error;
        });
      if (changed) {
        bindingTransitions.inc({ type: NOTICE_OF[transition] });
        return { kind: 'changed', binding: toBindingView(changed) };
      }
    }
    throw new DomainError('INVALID_STATE', 'The binding is being changed concurrently; try again.');
  }

  /**
   * One transition inside the caller's transaction: the binding's timers are disarmed first (timers
   * before the binding row, the lock order every writer keeps), then the conditional UPDATE decides;
   * the event and its notices follow. Throws LostRace when the row moved since `step.current` was read,
   * so the caller's transaction rolls back the disarming too. The timer sweep calls it with the
   * binding row locked (it cannot lose) and `skipLockedTimers`.
   */
  async applyTransition(
    tx: EntityManager,
    outbox: (messages: OutboxMessage[]) => Promise<void>,
    step: TransitionStep,
    options: { skipLockedTimers?: boolean } = {},
  ): Promise<BindingEntity> {
    const { transition, current, actor, now, declineReason } = step;
    const changes: Partial<BindingEntity> = { status: step.to, livePartnerId: isLive(step.to) ? current.partnerId : null };
    if (transition === 'confirm' || transition === 'decline') Object.assign(changes, { respondedBy: actor.id, respondedAt: now });
    if (transition === 'decline') changes.declineReason = declineReason;
    if (transition === 'cancel') Object.assign(changes, { cancelledBy: actor.id, cancelledAt: now });
    if (transition === 'end') changes.endedAt = current.endsAt; // it counted as ended from then, whenever this runs
    if (transition === 'terminate') Object.assign(changes, { terminatedAt: now, terminationReason: declineReason });

    await disarmTimers(tx, current.id, { skipLocked: options.skipLockedTimers });
    const result = await tx
      .createQueryBuilder()
      .update(BindingEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND status = :from AND version = :version', { id: current.id, from: step.from, version: current.version })
      .execute();
    if (result.affected !== 1) throw new LostRace();
    const updated = { ...current, ...changes, version: current.version + 1 } as BindingEntity;
    // End reminders are armed when the binding becomes active, for that endsAt only (past moments skipped).
    if (step.to === 'active' && current.endsAt) {
      await armTimers(
        tx,
        timersFor(
          current.id,
          current.endsAt,
          TimerKind.BindingEnd,
          { kind: TimerKind.EndReminder, offsetsSeconds: this.config.reminders.bindingEndSeconds },
          now,
        ),
      );
    }
    const type = NOTICE_OF[transition];
    const data = (transition === 'decline' || transition === 'terminate') && declineReason ? { reason: declineReason } : null;
    const event = await this.recordEvent(tx, current.id, type, actor, step.from, step.to, now, data);
    await outbox([
      noticeEvent({
        eventId: event.id,
        type,
        occurredAt: now.toISOString(),
        binding: toBindingView(updated, now),
        account: { id: current.accountId, name: step.accountName },
      }),
    ]);
    return updated;
  }

  /** Writes one audit event in the caller's transaction (also used for `binding.extended`, status unchanged). */
  async recordEvent(
    tx: EntityManager,
    bindingId: string,
    type: NoticeType,
    actor: Actor,
    fromStatus: BindingStatus | null,
    toStatus: BindingStatus,
    at: Date,
    data: Record<string, string> | null,
  ): Promise<BindingEventEntity> {
    const event = this.events.create({ id: newId(), bindingId, type, actorId: actor.id, actorKind: actor.kind, fromStatus, toStatus, at, data });
    // The binding's owners are copied from its row (written earlier in this transaction) for the audit export.
    await tx.query(
      'INSERT INTO binding_events (id, binding_id, account_id, partner_id, type, actor_id, actor_kind, from_status, to_status, at, data) SELECT ?, id, account_id, partner_id, ?, ?, ?, ?, ?, ?, ? FROM bindings WHERE id = ?',
      [event.id, type, actor.id, actor.kind, fromStatus, toStatus, at, data === null ? null : JSON.stringify(data), bindingId],
    );
    return event;
  }

  // ---- reads ----------------------------------------------------------------------------

  listForAccount(accountId: string, statuses: BindingStatus[] | undefined, limit: number, cursor?: string): Promise<Page<BindingView>> {
    return this.list('bindings:account', { accountId }, statuses, limit, cursor);
  }

  listForPartner(partnerId: string, statuses: BindingStatus[] | undefined, limit: number, cursor?: string): Promise<Page<BindingView>> {
    return this.list('bindings:partner', { partnerId }, statuses, limit, cursor);
  }

  private async list(
    listName: string,
    scope: { accountId: string } | { partnerId: string },
    statuses: BindingStatus[] | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<BindingView>> {
    // Plain SQL on a hot read path; the (account_id | partner_id, requested_at, id) index serves filter, order and cursor.
    const [column, value] = 'accountId' in scope ? ['account_id', scope.accountId] : ['partner_id', scope.partnerId];
    const where = [`${column} = ?`];
    const params: unknown[] = [value];
    if (statuses && statuses.length > 0) {
      // A passed endsAt counts at once: such a binding is listed as ended, not active.
      const now = new Date();
      const clauses = statuses.map((status) => {
        if (status === 'active') return "(status = 'active' AND (ends_at IS NULL OR ends_at > ?))";
        if (status === 'ended') return "(status = 'ended' OR (status = 'active' AND ends_at <= ?))";
        return 'status = ?';
      });
      where.push(`(${clauses.join(' OR ')})`);
      params.push(...statuses.map((status) => (status === 'active' || status === 'ended' ? now : status)));
    }
    if (cursor) {
      const [requestedAt, id] = this.cursors.decode(listName, cursor);
      const at = new Date(String(requestedAt));
      where.push('(requested_at < ? OR (requested_at = ? AND id < ?))');
      params.push(at, at, id);
    }
    const rows = await this.sql.select<BindingRow>(
      `SELECT ${BINDING_COLUMNS} FROM bindings WHERE ${where.join(' AND ')} ORDER BY requested_at DESC, id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit).map((row) => rowToBindingView(row));
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > limit && last ? this.cursors.encode(listName, [last.requestedAt, last.id]) : null };
  }

  /** Whether the binding exists and is the account's (or addressed to the partner). */
  async belongsTo(bindingId: string, owner: { accountId: string } | { partnerId: string }): Promise<boolean> {
    if (!isUuid(bindingId)) return false;
    const [column, value] = 'accountId' in owner ? ['account_id', owner.accountId] : ['partner_id', owner.partnerId];
    return (await this.sql.select(`SELECT 1 FROM bindings WHERE id = ? AND ${column} = ? LIMIT 1`, [bindingId, value])).length > 0;
  }

  async getForAccount(accountId: string, bindingId: string): Promise<BindingView & { events: BindingEventView[] }> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    const binding = await this.bindings.findOneBy({ id: bindingId, accountId });
    if (!binding) throw new NotFoundError('Binding');
    const events = await this.events.find({ where: { bindingId }, order: { at: 'ASC', id: 'ASC' } });
    return { ...toBindingView(binding), events: events.map(toEventView) };
  }

  /** The account's live binding with each of these partners (overdue requests count as expired). */
  async liveBindings(accountId: string, partnerIds: string[]): Promise<Map<string, { id: string; status: BindingStatus }>> {
    if (partnerIds.length === 0) return new Map();
    const rows = await this.bindings.find({
      where: { accountId, partnerId: In(partnerIds), status: In([...LIVE_STATUSES]) },
      select: { id: true, partnerId: true, status: true, expiresAt: true, endsAt: true },
    });
    const now = new Date();
    return new Map(rows.filter((b) => isLiveAt(b.status, b.expiresAt, b.endsAt, now)).map((b) => [b.partnerId, { id: b.id, status: b.status }]));
  }

  /** Active bindings of an account, most recently confirmed first (the Helpful Contacts). */
  async activeBindings(accountId: string): Promise<BindingView[]> {
    const rows = await this.sql.select<BindingRow>(
      `SELECT ${BINDING_COLUMNS} FROM bindings WHERE account_id = ? AND status = 'active' AND (ends_at IS NULL OR ends_at > ?) ORDER BY responded_at DESC, id DESC`,
      [accountId, new Date()],
    );
    return rows.map((row) => rowToBindingView(row));
  }
}
