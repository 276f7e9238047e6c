// Helpful Contacts: the partners who confirmed and now support this account, with what each may do
// ("Cancel", "Extend" and "Narrow access" for admins).
import { patch, post } from './api.js';
import { act, ask, badge, contactList, h, scopeChoices, scopeTags, serviceTags, when } from './dom.js';
import { ListPanel } from './panel.js';
import { cancelBinding } from './seller-cancel.js';

export class HelpfulContacts extends ListPanel {
  #ctx;

  constructor(ctx) {
    super({
      id: 'helpful-contacts',
      title: 'Helpful Contacts',
      before: [h('p', { class: 'lead' }, 'Partners who confirmed and now support this account.')],
      loading: 'Loading Helpful Contacts…',
    });
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
    // Only a fixed term can be extended (an open-ended binding cannot be given an end).
    const extend =
      this.#ctx.canManage && item.endsAt ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Extend ${partner.name}` }, 'Extend') : null;
    extend?.addEventListener('click', () => void this.#extend(item, extend));
    const narrow =
      this.#ctx.canManage && item.scopes?.length
        ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Narrow access for ${partner.name}` }, 'Narrow access')
        : null;
    narrow?.addEventListener('click', () => void this.#narrow(item, narrow));
    return h(
      'li',
      { class: 'card helpful-card', 'data-binding-id': item.bindingId },
      h('h3', {}, partner.name),
      h('p', { class: 'muted' }, 'Supporting you since ', when(item.since)),
      item.endsAt ? h('p', { class: 'muted term' }, 'Until ', when(item.endsAt)) : null,
      scopeTags(item.scopes, `Access granted to ${partner.name}`),
      partner.description ? h('p', { class: 'description' }, partner.description) : null,
      serviceTags(partner.services),
      contactList(partner.contacts),
      h('div', { class: 'card-actions' }, badge('active'), narrow, extend, cancel),
    );
  }

  /** Asks which of the granted scopes to keep and narrows to them; the API's refusal (none kept) is shown as it is. */
  async #narrow(item, button) {
    const choices = scopeChoices('Access to keep', item.scopes);
    const { confirmed } = await ask({
      title: `Narrow access for ${item.partner.name}?`,
      body: [`Uncheck what ${item.partner.name} should no longer do. They are told at once; giving access back takes a new request.`],
      extra: choices.element,
      confirmLabel: 'Narrow access',
    });
    if (!confirmed) {
      button.focus();
      return;
    }
    const scopes = choices.checked();
    await act(button, {
      call: () => patch(`${this.#ctx.base}/bindings/${item.bindingId}`, { scopes }),
      done:
        scopes.length === item.scopes.length ? `Nothing changed: ${item.partner.name} keeps its access.` : `The access of ${item.partner.name} was narrowed.`,
      failed: 'Could not narrow access',
      after: this.#ctx.refreshNow,
    });
  }

  /** Asks for the new end (a date, or nothing for open-ended) and extends; the API refuses an earlier one. */
  async #extend(item, button) {
    const { confirmed, value } = await ask({
      title: `Extend ${item.partner.name}?`,
      body: [`The binding now ends at ${new Date(item.endsAt).toISOString().slice(0, 16).replace('T', ' ')} UTC. Both sides are told of the new end.`],
      confirmLabel: 'Extend',
      input: { label: 'New end date (YYYY-MM-DD, later than now and within 2 years), or empty for open-ended', maxLength: 40, placeholder: 'e.g. 2027-06-30' },
    });
    if (!confirmed) {
      button.focus();
      return;
    }
    const endsAt = value === '' ? null : /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
    await act(button, {
      call: () => post(`${this.#ctx.base}/bindings/${item.bindingId}/extend`, { endsAt }),
      done: endsAt
        ? `${item.partner.name} now supports this account until ${endsAt.slice(0, 10)}.`
        : `${item.partner.name} now supports this account with no end date.`,
      failed: 'Could not extend',
      after: this.#ctx.refreshNow,
    });
  }
}
