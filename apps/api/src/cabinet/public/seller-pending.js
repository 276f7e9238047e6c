// Pending requests: sent, waiting for the partner, expiring if nobody answers ("Withdraw" for admins).
import { badge, fill, h, notice, relative, section, when } from './dom.js';
import { cancelBinding } from './seller-cancel.js';

export class PendingRequests {
  #ctx;
  #body = h('div', {}, notice('loading', 'Loading pending requests…'));
  #shown = null;

  constructor(ctx) {
    this.#ctx = ctx;
    this.element = section('pending-requests', 'Pending requests', [h('p', { class: 'lead' }, 'Requests waiting for the partner to confirm. A request nobody answers expires.'), this.#body]);
  }

  render(items) {
    const key = JSON.stringify(items.map((b) => [b.id, b.version, this.#ctx.partners.nameOf(b.partnerId)]));
    if (key === this.#shown) return;
    this.#shown = key;
    if (items.length === 0) {
      fill(this.#body, notice('empty', 'No requests are waiting for a partner.'));
      return;
    }
    fill(this.#body, h('ul', { class: 'rows', 'aria-label': 'Pending requests' }, items.map((binding) => this.#row(binding))));
  }

  #row(binding) {
    const name = this.#ctx.partners.nameOf(binding.partnerId);
    const withdraw = this.#ctx.canManage ? h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Withdraw the request to ${name}` }, 'Withdraw') : null;
    withdraw?.addEventListener('click', () => void cancelBinding(this.#ctx, binding, withdraw));
    return h(
      'li',
      { class: 'row', 'data-binding-id': binding.id },
      h('div', {}, h('strong', {}, name), ' ', badge('pending'), h('p', { class: 'muted' }, 'Sent ', when(binding.requestedAt), ' · expires ', when(binding.expiresAt), ` (${relative(binding.expiresAt)})`)),
      withdraw,
    );
  }
}
