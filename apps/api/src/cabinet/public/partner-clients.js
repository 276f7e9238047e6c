// Clients: the seller accounts this partner supports (active bindings).
import { badge, busy, fill, h, notice, section, when } from './dom.js';

export class Clients {
  #body = h('div', {}, notice('loading', 'Loading clients…'));
  #more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more clients');
  #shown = null;
  /** How many clients the poll reads ("Show more clients" asks for more). */
  limit = 20;

  constructor(ctx) {
    this.element = section('clients', 'Clients', [h('p', { class: 'lead' }, 'Seller accounts you support (active bindings).'), this.#body, this.#more]);
    this.#more.addEventListener('click', () => {
      this.limit = Math.min(100, this.limit + 20);
      void busy(this.#more, ctx.refreshNow);
    });
  }

  render(page) {
    this.#more.hidden = page.nextCursor === null;
    const key = JSON.stringify(page.items.map((b) => [b.id, b.version]));
    if (key === this.#shown) return;
    this.#shown = key;
    if (page.items.length === 0) {
      fill(this.#body, notice('empty', 'No clients yet. Sellers become clients when you confirm their request.'));
      return;
    }
    const row = (binding) => h('li', { class: 'row', 'data-binding-id': binding.id }, h('div', {}, h('strong', {}, binding.account?.name || 'A seller'), ' ', badge('active'), h('p', { class: 'muted' }, 'Client since ', when(binding.respondedAt))));
    fill(this.#body, h('ul', { class: 'rows', 'aria-label': 'Clients' }, page.items.map(row)));
  }
}
