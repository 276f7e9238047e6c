// Helpful Contacts: the partners who confirmed and now support this account ("Cancel" for admins).
import { badge, contactList, h, serviceTags, when } from './dom.js';
import { ListPanel } from './panel.js';
import { cancelBinding } from './seller-cancel.js';

export class HelpfulContacts extends ListPanel {
  #ctx;

  constructor(ctx) {
    super({ id: 'helpful-contacts', title: 'Helpful Contacts', before: [h('p', { class: 'lead' }, 'Partners who confirmed and now support this account.')], loading: 'Loading Helpful Contacts…' });
    this.#ctx = ctx;
  }

  render(data) {
    for (const item of data.items) this.#ctx.partners.remember(item.partner);
    this.showList(JSON.stringify(data.items), data.items, {
      empty: 'No partner supports this account yet. Turn one on in Useful Contacts; it appears here once the partner confirms.',
      label: 'Helpful Contacts',
      className: 'cards',
      row: (item) => this.#card(item),
    });
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
