// Delivery log: every webhook sent to this partner, its attempts and last answer, and "Redeliver".
import { post } from './api.js';
import { act, badge, busy, fill, h, notice, section, when } from './dom.js';

const TYPE_TEXT = { 'binding.requested': 'New request', 'binding.cancelled': 'Cancelled by the seller', 'binding.expired': 'Request expired' };

function attemptLine(d) {
  if (d.deliveredAt) return ['Delivered ', when(d.deliveredAt)];
  if (d.nextAttemptAt) return ['Next attempt ', when(d.nextAttemptAt)];
  return d.status === 'failed' ? 'Gave up; redeliver when your endpoint is fixed.' : null;
}

export class DeliveryLog {
  #ctx;
  #filter = h(
    'select',
    { id: 'delivery-status', name: 'status' },
    h('option', { value: '' }, 'All'),
    h('option', { value: 'pending' }, 'Pending'),
    h('option', { value: 'delivered' }, 'Delivered'),
    h('option', { value: 'failed' }, 'Failed'),
  );
  #body = h('div', {}, notice('loading', 'Loading the delivery log…'));
  #more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older deliveries');
  #shown = null;
  /** How many deliveries the poll reads ("Show older deliveries" asks for more). */
  limit = 20;

  constructor(ctx) {
    this.#ctx = ctx;
    this.element = section('deliveries', 'Delivery log', [h('div', { class: 'field inline' }, h('label', { for: 'delivery-status' }, 'Show deliveries'), this.#filter), this.#body, this.#more]);
    this.#filter.addEventListener('change', () => {
      this.#shown = null;
      fill(this.#body, notice('loading', 'Loading the delivery log…'));
      void ctx.refreshNow();
    });
    this.#more.addEventListener('click', () => {
      this.limit = Math.min(100, this.limit + 20);
      void busy(this.#more, ctx.refreshNow);
    });
  }

  /** The status the person filters on ('' for all). */
  get status() {
    return this.#filter.value;
  }

  render(page) {
    this.#more.hidden = page.nextCursor === null;
    const key = JSON.stringify(page.items);
    if (key === this.#shown) return;
    this.#shown = key;
    if (page.items.length === 0) {
      fill(this.#body, notice('empty', this.status ? `No ${this.status} deliveries.` : 'Nothing was sent to you yet.'));
      return;
    }
    fill(this.#body, h('ul', { class: 'rows deliveries', 'aria-label': 'Webhook deliveries' }, page.items.map((d) => this.#row(d))));
  }

  #row(d) {
    const what = TYPE_TEXT[d.type] ?? d.type;
    const redeliver = h('button', { type: 'button', class: 'secondary', 'aria-label': `Redeliver ${what} (event ${d.eventId})` }, 'Redeliver');
    redeliver.addEventListener('click', () =>
      act(redeliver, { call: () => post(`/v1/partner/deliveries/${d.id}/redeliver`, {}), done: 'Queued for redelivery with the same event id.', failed: 'Could not redeliver', after: this.#ctx.refreshNow }),
    );
    const answer = d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : d.lastError ? d.lastError : 'no answer yet';
    return h(
      'li',
      { class: 'row', 'data-delivery-id': d.id, 'data-status': d.status },
      h('div', {}, h('strong', {}, what), ' ', badge(d.status), h('p', { class: 'muted' }, `Event ${d.eventId} · ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} · last answer: ${answer}`), h('p', { class: 'muted' }, attemptLine(d))),
      redeliver,
    );
  }
}
