import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsService } from '@app/accounts';
import { CursorCodec, DomainError, bindingTransitions, InvalidStateError, NotFoundError, ValidationFailedError, isUuid, newId, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UnitOfWork, isDuplicateKey, type OutboxMessage } from '@app/database';
import { noticeEvent, type BindingNotice, type NoticeType } from '@app/notifications';
import { PartnersService, canonicalScopes, type AccessScope, type CataloguePartner } from '@app/partners';
import type { ActorKind } from './binding-event.entity.js';
import { decide, isLive, isLiveAt, lapseOf, type BindingStatus, type Transition } from './binding-state.js';
import { parseEndsAt } from './binding-terms.js';
import { toBindingView, type BindingEventView, type BindingRecord, type BindingView } from './binding.view.js';
import { BindingsRepository, type BindingChanges, type BindingOwner } from './bindings.repository.js';
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

/** "Turn On" writes that inserted nothing although the reads after them found no reason, before giving up. */
const MAX_REQUEST_ATTEMPTS = 3;

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
  current: BindingRecord;
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
    @Inject(BindingsRepository) private readonly bindings: BindingsRepository,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
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
      return await this.createRequest(input, { userId, key });
    } catch (error) {
      await this.idempotency.abandon(userId, key).catch((cleanup) => this.logger.warn(`Could not free an idempotency key: ${String(cleanup)}`));
      throw error;
    }
  }

  /** Refuses asked scopes the partner does not offer, or none at all (absent: all the partner offers, nothing to check). */
  private checkAskedScopes(partner: CataloguePartner, asked: readonly string[] | undefined): void {
    if (asked === undefined) return;
    const notOffered = asked.filter((scope) => !(partner.scopes as readonly string[]).includes(scope));
    if (notOffered.length > 0) {
      throw new ValidationFailedError('The request names scopes this partner does not offer.', [
        { field: 'scopes', message: `not offered by this partner: ${notOffered.join(', ')}` },
      ]);
    }
    if (canonicalScopes(asked).length === 0)
      throw new ValidationFailedError('A binding must grant at least one scope.', [{ field: 'scopes', message: 'scopes must name at least one scope' }]);
  }

  /** The pending binding a "Turn On" writes (not yet saved). */
  private newRequest(input: RequestInput, scopes: AccessScope[], endsAt: Date | null, now: Date): BindingRecord {
    return {
      id: newId(),
      accountId: input.accountId,
      partnerId: input.partnerId,
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
    };
  }

  /**
   * One "Turn On": a single packet (BindingsRepository.insertRequest) whose INSERT checks the partner, the
   * account, the scopes and the live-partner cap itself, and writes the event, the notice, the timers and the
   * Idempotency-Key's answer in the same transaction. Only when it inserts nothing are the partner and the
   * account read, to answer exactly the error the checks stand for (whyNotBindable).
   */
  private async createRequest(input: RequestInput, idempotency?: { userId: string; key: string }): Promise<BindingView> {
    const endsAt = parseEndsAt(input.endsAt, new Date());
    const asked = input.scopes ?? null;
    let lapseRecorded = false;
    for (let attempt = 0; attempt < MAX_REQUEST_ATTEMPTS; attempt++) {
      const now = new Date();
      // Without asked scopes the binding grants all the partner offers: the database fills them in from the partner's row.
      const binding = this.newRequest(input, asked ? canonicalScopes(asked) : [], endsAt, now);
      const view = toBindingView(binding, now);
      // The event's id is its notice's id too: receivers de-duplicate on it.
      const eventId = newId();
      const reminder = this.config.reminders.requestExpirySeconds;
      try {
        const scopes = !isUuid(input.partnerId)
          ? null
          : await this.bindings.insertRequest({
              binding,
              askedScopes: asked,
              defaultCap: this.config.maxLivePartnersPerAccount,
              event: {
                id: eventId,
                type: 'binding.requested',
                actorId: input.requestedBy,
                actorKind: 'seller',
                fromStatus: null,
                toStatus: 'pending',
                at: now,
                data: { expiresAt: view.expiresAt, ...(view.endsAt ? { endsAt: view.endsAt } : {}) },
              },
              notice: noticeEvent({
                eventId,
                type: 'binding.requested',
                occurredAt: now.toISOString(),
                binding: view,
                account: { id: input.accountId, name: '' },
              }),
              // The expiry is a row in binding_timers, not a delayed job: Redis holds nothing for this request.
              timers: timersFor(
                binding.id,
                binding.expiresAt,
                TimerKind.RequestExpiry,
                { kind: TimerKind.RequestExpiryReminder, offsetsSeconds: reminder > 0 ? [reminder] : [] },
                now,
              ),
              answer: idempotency && this.idempotency.completeWithBinding(idempotency.userId, idempotency.key, 202, view, binding.id),
            });
        if (scopes) {
          this.unitOfWork.outboxCommitted();
          bindingTransitions.inc({ type: 'binding.requested' });
          return { ...view, scopes };
        }
        await this.whyNotBindable(input, now);
        // No check fails now: the partner, the account or a binding changed between the write and the reads. Write again.
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const live = await this.bindings.findLive(input.accountId, input.partnerId);
        // A request past its expiry, or a binding past its end, holds the slot only until that is recorded: once.
        const lapse = live ? lapseOf(live.status, live.expiresAt, live.endsAt, new Date()) : null;
        if (!lapseRecorded && live && lapse) {
          lapseRecorded = true;
          await this.recordLapse(live.id, lapse);
          continue;
        }
        throw new DomainError('BINDING_EXISTS', 'This partner already has a pending or active binding with this account.');
      }
    }
    throw new DomainError('INVALID_STATE', 'The partner or the account is being changed concurrently; try again.');
  }

  /**
   * Why a "Turn On" inserted nothing, as the errors of docs/API.md say it, in the order they are checked: the
   * partner, the account, the scopes, then the account's live-partner limit (docs/API.md#live-limit; overdue
   * requests and bindings past their end do not count, a live binding with this very partner is left to the
   * unique index, which answers BINDING_EXISTS). Returns when none applies.
   */
  private async whyNotBindable(input: RequestInput, now: Date): Promise<void> {
    const [partner, account] = await Promise.all([
      isUuid(input.partnerId) ? this.partners.getCertified(input.partnerId) : null,
      this.accounts.getAccount(input.accountId),
    ]);
    if (!partner) throw new DomainError('PARTNER_NOT_BINDABLE', 'This partner does not exist or is not certified, so it cannot be bound.');
    // A closed account binds nothing (its users are refused already; this covers a request that got past the guard first).
    if (!account?.active) throw new NotFoundError('Account');
    this.checkAskedScopes(partner, input.scopes);
    const cap = account.maxLivePartners ?? this.config.maxLivePartnersPerAccount;
    if (cap === 0) return;
    const { live, withPartner } = await this.bindings.countLive(input.accountId, input.partnerId, now);
    if (withPartner > 0 || live < cap) return;
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
    const outcome = await this.transition('expire', bindingId, undefined, SYSTEM);
    return outcome.kind === 'changed';
  }

  /** Ends an active binding whose endsAt has passed; a no-op otherwise (exactly one caller wins). */
  async end(bindingId: string): Promise<boolean> {
    const outcome = await this.transition('end', bindingId, undefined, SYSTEM);
    return outcome.kind === 'changed';
  }

  /** Records the timed transition that has come due (what a read already shows), before refusing what was asked. */
  recordLapse(bindingId: string, lapse: 'expire' | 'end'): Promise<boolean> {
    return lapse === 'expire' ? this.expire(bindingId) : this.end(bindingId);
  }

  /** When a pending request is due to expire (null when it is no longer pending). */
  pendingUntil(bindingId: string): Promise<Date | null> {
    return this.bindings.pendingUntil(bindingId);
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
      const current = await this.bindings.find(bindingId, { accountId });
      if (!current) throw new NotFoundError('Binding');
      const now = new Date();
      // Narrowing is allowed exactly where a cancel would be: pending or active, not past its expiry or end.
      const decision = decide('cancel', current.status, current.expiresAt, now, current.endsAt);
      if (decision.kind === 'overdue') {
        await this.recordLapse(current.id, decision.lapse);
        throw new InvalidStateError(decision.lapse === 'expire' ? 'This request has expired.' : 'This binding has ended.');
      }
      if (decision.kind !== 'apply') throw new InvalidStateError(`A binding that is ${current.status} cannot be narrowed.`);
      const held = current.scopes;
      const extra = wanted.filter((scope) => !held.includes(scope));
      if (extra.length > 0 || wanted.length === 0) {
        throw new ValidationFailedError('Scopes can only be narrowed: name a non-empty subset of the current ones (widening takes a new request).', [
          { field: 'scopes', message: extra.length > 0 ? `not granted now: ${extra.join(', ')}` : 'scopes must name at least one scope' },
        ]);
      }
      if (wanted.length === held.length) return toBindingView(current);

      const account = await this.accounts.getAccount(current.accountId);
      const changed = await this.unitOfWork.run(async (tx, outbox) => {
        if (!(await this.bindings.setScopes(tx, current, wanted))) return null; // someone else moved it first: decide again on a fresh read
        const updated: BindingRecord = { ...current, scopes: wanted, version: current.version + 1 };
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

  private async transition(
    transition: Transition,
    bindingId: string,
    owner: BindingOwner | undefined,
    actor: Actor,
    reason: string | null = null,
  ): Promise<TransitionOutcome> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
      const current = await this.bindings.find(bindingId, owner);
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
  ): Promise<BindingRecord> {
    const { transition, current, actor, now, declineReason } = step;
    const changes: BindingChanges = {};
    if (transition === 'confirm' || transition === 'decline') Object.assign(changes, { respondedBy: actor.id, respondedAt: now });
    if (transition === 'decline') changes.declineReason = declineReason;
    if (transition === 'cancel') Object.assign(changes, { cancelledBy: actor.id, cancelledAt: now });
    if (transition === 'end') changes.endedAt = current.endsAt; // it counted as ended from then, whenever this runs
    if (transition === 'terminate') Object.assign(changes, { terminatedAt: now, terminationReason: declineReason });

    await disarmTimers(tx, current.id, { skipLocked: options.skipLockedTimers });
    if (!(await this.bindings.transition(tx, current, step.to, isLive(step.to) ? current.partnerId : null, changes))) throw new LostRace();
    const updated: BindingRecord = { ...current, ...changes, status: step.to, version: current.version + 1 };
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

  /** Writes one audit event in the caller's transaction (also used for `binding.extended`, status unchanged); returns its id. */
  async recordEvent(
    tx: EntityManager,
    bindingId: string,
    type: NoticeType,
    actor: Actor,
    fromStatus: BindingStatus | null,
    toStatus: BindingStatus,
    at: Date,
    data: Record<string, string> | null,
  ): Promise<{ id: string }> {
    const id = newId();
    await this.bindings.insertEvent(tx, { id, bindingId, type, actorId: actor.id, actorKind: actor.kind, fromStatus, toStatus, at, data });
    return { id };
  }

  // ---- reads ----------------------------------------------------------------------------

  listForAccount(accountId: string, statuses: BindingStatus[] | undefined, limit: number, cursor?: string): Promise<Page<BindingView>> {
    return this.list('bindings:account', { accountId }, statuses, limit, cursor);
  }

  listForPartner(partnerId: string, statuses: BindingStatus[] | undefined, limit: number, cursor?: string): Promise<Page<BindingView>> {
    return this.list('bindings:partner', { partnerId }, statuses, limit, cursor);
  }

  private async list(listName: string, owner: BindingOwner, statuses: BindingStatus[] | undefined, limit: number, cursor?: string): Promise<Page<BindingView>> {
    const after = cursor ? this.cursors.decodeTimeKey(listName, cursor) : null;
    const now = new Date();
    const rows = await this.bindings.list(owner, statuses, limit + 1, after, now);
    return this.cursors.timeKeyPage(
      listName,
      rows.map((row) => toBindingView(row, now)),
      limit,
      (view) => view.requestedAt,
    );
  }

  /** Whether the binding exists and is the account's (or addressed to the partner). */
  async belongsTo(bindingId: string, owner: BindingOwner): Promise<boolean> {
    return isUuid(bindingId) && (await this.bindings.belongsTo(bindingId, owner));
  }

  async getForAccount(accountId: string, bindingId: string): Promise<BindingView & { events: BindingEventView[] }> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    const binding = await this.bindings.find(bindingId, { accountId });
    if (!binding) throw new NotFoundError('Binding');
    return { ...toBindingView(binding), events: await this.bindings.eventsOf(bindingId) };
  }

  /** The account's live binding with each of these partners (overdue requests count as expired). */
  async liveBindings(accountId: string, partnerIds: string[]): Promise<Map<string, { id: string; status: BindingStatus }>> {
    const rows = await this.bindings.holdingLiveSlot(accountId, partnerIds);
    const now = new Date();
    return new Map(rows.filter((b) => isLiveAt(b.status, b.expiresAt, b.endsAt, now)).map((b) => [b.partnerId, { id: b.id, status: b.status }]));
  }

  /** Active bindings of an account, most recently confirmed first (the Helpful Contacts). */
  async activeBindings(accountId: string): Promise<BindingView[]> {
    // Taken before the read, whose statement keeps only bindings not ended at its own (later) moment.
    const now = new Date();
    return (await this.bindings.active(accountId)).map((row) => toBindingView(row, now));
  }
}
