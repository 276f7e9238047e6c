// Notifications: the account's in-app notices, newest first, each with "Mark as read".
import { post } from './api.js';
import { act, busy, fill, h, notice, section, when } from './dom.js';

const NOTICE_TEXT = {
  'binding.requested': (name) => `A request to turn on ${name} was sent.`,
  'binding.confirmed': (name) => `${name} confirmed the request and is now in your Helpful Contacts.`,
  'binding.declined': (name, binding) => `${name} declined the request${binding?.declineReason ? `: “${binding.declineReason}”` : '.'}`,
  'binding.expired': (name) => `The request to ${name} expired: nobody answered in time.`,
  'binding.cancelled': (name) => `The binding with ${name} was cancelled.`,
};

export class Notices {
  #ctx;
  #body = h('div', {}, notice('loading', 'Loading notifications…'));
  #more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older notifications');
  #shown = null;
  /** How many notices the poll reads ("Show older notifications" asks for more). */
  limit = 20;

  constructor(ctx) {
    this.#ctx = ctx;
    this.element = section('notifications', 'Notifications', [this.#body, this.#more]);
    this.#more.addEventListener('click', () => {
      this.limit = Math.min(100, this.limit + 20);
      void busy(this.#more, ctx.refreshNow);
    });
  }

  render(page) {
    const { partners, bindingsById } = this.#ctx;
    this.#more.hidden = page.nextCursor === null;
    const key = JSON.stringify(page.items.map((n) => [n.id, n.readAt, partners.nameOf(n.partnerId), bindingsById.get(n.bindingId)?.declineReason ?? null]));
    if (key === this.#shown) return;
    this.#shown = key;
    if (page.items.length === 0) {
      fill(this.#body, notice('empty', 'No notifications yet. You are told here when a partner answers, a request expires or a binding is cancelled.'));
      return;
    }
    fill(this.#body, h('ul', { class: 'rows', 'aria-label': 'Notifications' }, page.items.map((n) => this.#row(n))));
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
    return h('li', { class: `row notice ${n.readAt ? 'read' : 'unread'}`, 'data-type': n.type }, h('div', {}, h('p', {}, n.readAt ? null : h('span', { class: 'sr-only' }, 'Unread: '), text), h('p', { class: 'muted' }, when(n.createdAt))), markRead);
  }
}
