// Notifications: the account's in-app notices, newest first, each with "Mark as read".
import { post } from './api.js';
import { act, h, when } from './dom.js';
import { ListPanel } from './panel.js';

const NOTICE_TEXT = {
  'binding.requested': (name) => `A request to turn on ${name} was sent.`,
  'binding.confirmed': (name) => `${name} confirmed the request and is now in your Helpful Contacts.`,
  'binding.declined': (name, binding) => `${name} declined the request${binding?.declineReason ? `: “${binding.declineReason}”` : '.'}`,
  'binding.expired': (name) => `The request to ${name} expired: nobody answered in time.`,
  'binding.cancelled': (name) => `The binding with ${name} was cancelled.`,
  'binding.terminated': (name, binding) => `${name} ended the binding${binding?.terminationReason ? `: “${binding.terminationReason}”` : '.'}`,
  'binding.scopes_narrowed': (name) => `The access of ${name} was narrowed.`,
  'binding.ended': (name) => `The fixed term with ${name} ended; they left your Helpful Contacts.`,
  'binding.extended': (name) => `The term with ${name} was extended.`,
  'binding.ending_soon': (name) => `Reminder: the binding with ${name} ends soon. An administrator can extend it in Helpful Contacts.`,
  'partner.decertified': (name) => `${name} is no longer certified by the marketplace. Your binding stays; an administrator may review it.`,
};

export class Notices extends ListPanel {
  #ctx;

  constructor(ctx) {
    super({ id: 'notifications', title: 'Notifications', loading: 'Loading notifications…', more: 'Show older notifications', refreshNow: ctx.refreshNow });
    this.#ctx = ctx;
  }

  render(page) {
    const { partners, bindingsById } = this.#ctx;
    this.showMore(page);
    const key = JSON.stringify(page.items.map((n) => [n.id, n.readAt, partners.nameOf(n.partnerId), bindingsById.get(n.bindingId)?.declineReason ?? null]));
    this.showList(key, page.items, {
      empty: 'No notifications yet. You are told here when a partner answers, a request expires or a binding is cancelled.',
      label: 'Notifications',
      row: (n) => this.#row(n),
    });
  }

  #row(n) {
    const { partners, bindingsById, base, refreshNow } = this.#ctx;
    const text = (NOTICE_TEXT[n.type] ?? (() => n.type))(partners.nameOf(n.partnerId), bindingsById.get(n.bindingId));
    const markRead = n.readAt ? null : h('button', { type: 'button', class: 'link', 'aria-label': `Mark as read: ${text}` }, 'Mark as read');
    markRead?.addEventListener('click', () =>
      act(markRead, {
        call: async () => {
          await post(`${base}/notifications/${n.id}/read`, {});
          await refreshNow();
        },
      }),
    );
    return h(
      'li',
      { class: `row notice ${n.readAt ? 'read' : 'unread'}`, 'data-type': n.type },
      h('div', {}, h('p', {}, n.readAt ? null : h('span', { class: 'sr-only' }, 'Unread: '), text), h('p', { class: 'muted' }, when(n.createdAt))),
      markRead,
    );
  }
}
