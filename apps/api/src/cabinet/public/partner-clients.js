// Clients: the seller accounts this partner supports (active bindings).
import { badge, h, when } from './dom.js';
import { ListPanel } from './panel.js';

const row = (binding) =>
  h('li', { class: 'row', 'data-binding-id': binding.id }, h('div', {}, h('strong', {}, binding.account?.name || 'A seller'), ' ', badge('active'), h('p', { class: 'muted' }, 'Client since ', when(binding.respondedAt))));

export class Clients extends ListPanel {
  constructor(ctx) {
    const lead = h('p', { class: 'lead' }, 'Seller accounts you support (active bindings).');
    super({ id: 'clients', title: 'Clients', before: [lead], loading: 'Loading clients…', more: 'Show more clients', refreshNow: ctx.refreshNow });
  }

  render(page) {
    this.showMore(page);
    this.showList(JSON.stringify(page.items.map((b) => [b.id, b.version])), page.items, { empty: 'No clients yet. Sellers become clients when you confirm their request.', label: 'Clients', row });
  }
}
