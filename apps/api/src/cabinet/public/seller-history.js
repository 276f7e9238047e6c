// History: every request the account made, newest first, what became of it, and its audit trail.
import { download, get } from './api.js';
import { act, badge, fill, h, notice, when } from './dom.js';
import { ListPanel } from './panel.js';

const EVENT_TEXT = {
  'binding.requested': 'Requested (“Turn On”)',
  'binding.confirmed': 'Confirmed by the partner',
  'binding.declined': 'Declined by the partner',
  'binding.expired': 'Expired without an answer',
  'binding.cancelled': 'Cancelled',
  'binding.terminated': 'Ended by the partner',
  'binding.scopes_narrowed': 'Access narrowed',
  'binding.ended': 'Ended: the fixed term ran out',
  'binding.extended': 'Term extended',
};
const ACTOR_TEXT = { seller: 'by a seller administrator', partner: 'by the partner', system: 'by the system', operator: 'by the operator' };

function outcome(binding) {
  switch (binding.status) {
    case 'pending':
      return ['Sent ', when(binding.requestedAt), '; waiting for the partner until ', when(binding.expiresAt), '.'];
    case 'active':
      return ['Confirmed ', when(binding.respondedAt), '; the partner supports this account', binding.endsAt ? [' until ', when(binding.endsAt)] : null, '.'];
    case 'ended':
      return ['Confirmed ', when(binding.respondedAt), '; the fixed term ended ', when(binding.endedAt ?? binding.endsAt), '.'];
    case 'declined':
      return ['Declined by the partner ', when(binding.respondedAt), '.'];
    case 'expired':
      return ['Nobody answered; the request expired ', when(binding.expiresAt), '.'];
    case 'cancelled':
      return ['Cancelled ', when(binding.cancelledAt), binding.respondedAt ? ' (it had been active).' : ' before the partner answered.'];
    case 'terminated':
      return ['Ended by the partner ', when(binding.terminatedAt), binding.terminationReason ? `: “${binding.terminationReason}”` : '.'];
    default:
      return binding.status;
  }
}

function eventList(events, name) {
  if (!events?.length) return notice('empty', 'No events recorded.');
  return h(
    'ol',
    { class: 'timeline', 'aria-label': `History of the request to ${name}` },
    events.map((event) =>
      h(
        'li',
        {},
        when(event.at),
        ' — ',
        h('strong', {}, EVENT_TEXT[event.type] ?? event.type),
        ` ${ACTOR_TEXT[event.actorKind] ?? ''}`,
        event.fromStatus
          ? h('span', { class: 'muted' }, ` (${event.fromStatus} → ${event.toStatus})`)
          : h('span', { class: 'muted' }, ` (→ ${event.toStatus})`),
        event.data?.reason ? ` — “${event.data.reason}”` : null,
      ),
    ),
  );
}

export class History extends ListPanel {
  #ctx;
  /** Open history panels (binding id → version shown), kept across re-renders. */
  #open = new Map();

  constructor(ctx) {
    const lead = h('p', { class: 'lead' }, 'Every request this account made, newest first, with what happened to it.');
    const audit = h('button', { type: 'button', class: 'secondary', 'data-action': 'download-audit' }, 'Download audit (CSV)');
    audit.addEventListener('click', () =>
      act(audit, { call: () => download(`${ctx.base}/audit?format=csv`, 'audit.csv'), failed: 'Could not download the audit trail' }),
    );
    super({
      id: 'history',
      title: 'History',
      before: [lead, h('p', {}, audit)],
      loading: 'Loading requests…',
      more: 'Show older requests',
      refreshNow: ctx.refreshNow,
    });
    this.#ctx = ctx;
  }

  render(page) {
    const key = JSON.stringify([page.items.map((b) => [b.id, b.version, this.#ctx.partners.nameOf(b.partnerId)]), page.nextCursor !== null]);
    this.showMore(page);
    this.showList(key, page.items, {
      empty: 'This account has not requested any partner yet.',
      label: 'Requests and their history',
      row: (binding) => this.#row(binding),
    });
  }

  #row(binding) {
    const name = this.#ctx.partners.nameOf(binding.partnerId);
    return h(
      'li',
      { class: 'row row-stack', 'data-binding-id': binding.id, 'data-status': binding.status },
      h('div', { class: 'row-head' }, h('strong', {}, name), ' ', badge(binding.status)),
      h('p', { class: 'muted' }, outcome(binding)),
      binding.status === 'declined'
        ? h('p', { class: 'decline-reason' }, binding.declineReason ? `Reason given by the partner: “${binding.declineReason}”` : 'The partner gave no reason.')
        : null,
      this.#trail(binding, name),
    );
  }

  /** The audit trail, read when the person opens it (and again when it is re-rendered open). */
  #trail(binding, name) {
    const events = h('div', { class: 'events' });
    const details = h('details', { class: 'history' }, h('summary', {}, `History of the request to ${name}`), events);
    const load = async () => {
      fill(events, notice('loading', 'Loading history…'));
      try {
        const full = await get(`${this.#ctx.base}/bindings/${binding.id}`);
        this.#open.set(binding.id, full.version);
        fill(events, eventList(full.events, name));
      } catch (error) {
        fill(events, notice('error', `The history could not be loaded: ${error.message}`));
      }
    };
    details.addEventListener('toggle', () => {
      if (details.open) void load();
      else this.#open.delete(binding.id);
    });
    if (this.#open.has(binding.id)) details.open = true;
    return details;
  }
}
