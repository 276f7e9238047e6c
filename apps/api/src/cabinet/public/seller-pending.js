// Pending requests: sent, waiting for the partner, expiring if nobody answers ("Withdraw" for admins).
import { badge, h, relative, when } from './dom.js';
import { ListPanel } from './panel.js';
import { cancelBinding } from './seller-cancel.js';

export class PendingRequests extends ListPanel {
  #ctx;

  constructor(ctx) {
    const lead = h('p', { class: 'lead' }, 'Requests waiting for the partner to confirm. A request nobody answers expires.');
    super({ id: 'pending-requests', title: 'Pending requests', before: [lead], loading: 'Loading pending requests…' });
    this.#ctx = ctx;
  }

  render(items) {
    const key = JSON.stringify(items.map((b) => [b.id, b.version, this.#ctx.partners.nameOf(b.partnerId)]));
    this.showList(key, items, { empty: 'No requests are waiting for a partner.', label: 'Pending requests', row: (binding) => this.#row(binding) });
  }

  #row(binding) {
    const name = this.#ctx.partners.nameOf(binding.partnerId);
    const withdraw = this.#ctx.canManage
      ? h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Withdraw the request to ${name}` }, 'Withdraw')
      : null;
    withdraw?.addEventListener('click', () => void cancelBinding(this.#ctx, binding, withdraw));
    return h(
      'li',
      { class: 'row', 'data-binding-id': binding.id },
      h(
        'div',
        {},
        h('strong', {}, name),
        ' ',
        badge('pending'),
        h('p', { class: 'muted' }, 'Sent ', when(binding.requestedAt), ' · expires ', when(binding.expiresAt), ` (${relative(binding.expiresAt)})`),
      ),
      withdraw,
    );
  }
}
