// Delivery log: every webhook sent to one endpoint (the partner's, or a seller account's own), its
// attempts and last answer, and "Redeliver" for those allowed to.
import { post } from './api.js';
import { act, badge, fill, h, notice, when } from './dom.js';
import { ListPanel } from './panel.js';

const TYPE_TEXT = {
  'binding.requested': 'New request',
  'binding.confirmed': 'Confirmed by the partner',
  'binding.declined': 'Declined by the partner',
  'binding.cancelled': 'Cancelled by the seller',
  'binding.expired': 'Request expired',
  'binding.ended': 'Fixed term ended',
  'binding.extended': 'Term extended by the seller',
  'binding.ending_soon': 'Reminder: the term ends soon',
  'binding.request_expiring': 'Reminder: a request expires soon',
  ping: 'Test ping',
};

function attemptLine(d) {
  if (d.deliveredAt) return ['Delivered ', when(d.deliveredAt)];
  if (d.nextAttemptAt) return ['Next attempt ', when(d.nextAttemptAt)];
  return d.status === 'failed' ? 'Gave up; redeliver when your endpoint is fixed.' : null;
}

/** The delivery filter: all, or one status. */
const statusFilter = () =>
  h(
    'select',
    { id: 'delivery-status', name: 'status' },
    h('option', { value: '' }, 'All'),
    h('option', { value: 'pending' }, 'Pending'),
    h('option', { value: 'delivered' }, 'Delivered'),
    h('option', { value: 'failed' }, 'Failed'),
  );

export class DeliveryLog extends ListPanel {
  #ctx;
  #filter;
  #endpoint;

  /** `endpoint`: `{ deliveries }` (the log's path) and `canManage` (may redeliver); the partner's by default. */
  constructor(ctx, endpoint = { deliveries: '/v1/partner/deliveries', canManage: true }) {
    const filter = statusFilter();
    const field = h('div', { class: 'field inline' }, h('label', { for: 'delivery-status' }, 'Show deliveries'), filter);
    super({
      id: 'deliveries',
      title: 'Delivery log',
      before: [field],
      loading: 'Loading the delivery log…',
      more: 'Show older deliveries',
      refreshNow: ctx.refreshNow,
    });
    this.#ctx = ctx;
    this.#filter = filter;
    this.#endpoint = endpoint;
    filter.addEventListener('change', () => {
      this.forget();
      fill(this.body, notice('loading', 'Loading the delivery log…'));
      void ctx.refreshNow();
    });
  }

  /** The log's path. */
  get path() {
    return this.#endpoint.deliveries;
  }

  /** The status the person filters on ('' for all). */
  get status() {
    return this.#filter.value;
  }

  render(page) {
    this.showMore(page);
    this.showList(JSON.stringify(page.items), page.items, {
      empty: this.status ? `No ${this.status} deliveries.` : 'Nothing was sent to you yet.',
      label: 'Webhook deliveries',
      className: 'rows deliveries',
      row: (d) => this.#row(d),
    });
  }

  #row(d) {
    const what = TYPE_TEXT[d.type] ?? d.type;
    // A pending delivery is still being sent: the API refuses to start a second series of attempts.
    const redeliver =
      this.#endpoint.canManage && d.status !== 'pending'
        ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Redeliver ${what} (event ${d.eventId})` }, 'Redeliver')
        : null;
    redeliver?.addEventListener('click', () =>
      act(redeliver, {
        call: () => post(`${this.#endpoint.deliveries}/${d.id}/redeliver`, {}),
        done: 'Queued for redelivery with the same event id.',
        failed: 'Could not redeliver',
        after: this.#ctx.refreshNow,
      }),
    );
    const answer = d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : d.lastError ? d.lastError : 'no answer yet';
    return h(
      'li',
      { class: 'row', 'data-delivery-id': d.id, 'data-status': d.status },
      h(
        'div',
        {},
        h('strong', {}, what),
        ' ',
        badge(d.status),
        h('p', { class: 'muted' }, `Event ${d.eventId} · ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} · last answer: ${answer}`),
        h('p', { class: 'muted' }, attemptLine(d)),
      ),
      redeliver,
    );
  }
}
