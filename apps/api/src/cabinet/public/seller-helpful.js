// Helpful Contacts: the partners who confirmed and now support this account ("Cancel" for admins).
import { badge, contactList, fill, h, notice, section, serviceTags, when } from './dom.js';
import { cancelBinding } from './seller-cancel.js';

export class HelpfulContacts {
  #ctx;
  #body = h('div', {}, notice('loading', 'Loading Helpful Contacts…'));
  #shown = null;

  constructor(ctx) {
    this.#ctx = ctx;
    this.element = section('helpful-contacts', 'Helpful Contacts', [h('p', { class: 'lead' }, 'Partners who confirmed and now support this account.'), this.#body]);
  }

  render(data) {
    for (const item of data.items) this.#ctx.partners.remember(item.partner);
    const key = JSON.stringify(data.items);
    if (key === this.#shown) return;
    this.#shown = key;
    if (data.items.length === 0) {
      fill(this.#body, notice('empty', 'No partner supports this account yet. Turn one on in Useful Contacts; it appears here once the partner confirms.'));
      return;
    }
    fill(this.#body, h('ul', { class: 'cards', 'aria-label': 'Helpful Contacts' }, data.items.map((item) => this.#card(item))));
  }

  #card(item) {
    const { partner } = item;
    const cancel = this.#ctx.canManage ? h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Cancel ${partner.name}` }, 'Cancel') : null;
    cancel?.addEventListener('click', () => void cancelBinding(this.#ctx, { id: item.bindingId, partnerId: partner.id, status: 'active' }, cancel));
    return h(
      'li',
      { class: 'card helpful-card', 'data-binding-id': item.bindingId },
      h('h3', {}, partner.name),
      h('p', { class: 'muted' }, 'Supporting you since ', when(item.since)),
      partner.description ? h('p', { class: 'description' }, partner.description) : null,
      serviceTags(partner.services),
      contactList(partner.contacts),
      h('div', { class: 'card-actions' }, badge('active'), cancel),
    );
  }
}
