// Inbox: requests from sellers waiting for this partner's answer — confirm, or decline with a reason.
import { post } from './api.js';
import { act, ask, badge, fill, h, notice, relative, section, when } from './dom.js';

export class Inbox {
  #ctx;
  #body = h('div', {}, notice('loading', 'Loading requests…'));
  #shown = null;

  constructor(ctx) {
    this.#ctx = ctx;
    this.element = section('inbox', 'Inbox', [h('p', { class: 'lead' }, 'Sellers who want your support. Confirm to start working with them, or decline with a reason they will see.'), this.#body]);
  }

  render(page) {
    const key = JSON.stringify(page.items.map((b) => [b.id, b.version]));
    if (key === this.#shown) return;
    this.#shown = key;
    if (page.items.length === 0) {
      fill(this.#body, notice('empty', 'No requests are waiting. New requests from sellers appear here by themselves.'));
      return;
    }
    fill(this.#body, h('ul', { class: 'rows', 'aria-label': 'Requests waiting for your answer' }, page.items.map((binding) => this.#row(binding))));
  }

  #row(binding) {
    const name = binding.account?.name || 'A seller';
    const confirm = h('button', { type: 'button', class: 'primary', 'aria-label': `Confirm the request from ${name}` }, 'Confirm');
    const decline = h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Decline the request from ${name}` }, 'Decline');
    confirm.addEventListener('click', () =>
      act(confirm, { call: () => post(`/v1/partner/requests/${binding.id}/confirm`, {}), done: `You now support ${name}.`, failed: 'Could not confirm', after: this.#ctx.refreshNow }),
    );
    decline.addEventListener('click', () => this.#decline(binding, name, decline));
    return h(
      'li',
      { class: 'row', 'data-binding-id': binding.id },
      h('div', {}, h('strong', {}, name), ' ', badge('pending'), h('p', { class: 'muted' }, 'Received ', when(binding.requestedAt), ' · answer by ', when(binding.expiresAt), ` (${relative(binding.expiresAt)})`)),
      h('div', { class: 'row-actions' }, confirm, decline),
    );
  }

  async #decline(binding, name, button) {
    const { confirmed, value } = await ask({
      title: `Decline the request from ${name}?`,
      body: [`${name} is told you declined, with your reason if you give one. They can ask again later.`],
      input: { label: 'Reason (optional, the seller sees it)', maxLength: 500, hint: 'Up to 500 characters.' },
      confirmLabel: 'Decline request',
      cancelLabel: 'Back',
      danger: true,
    });
    if (!confirmed) {
      button.focus();
      return;
    }
    await act(button, {
      call: () => post(`/v1/partner/requests/${binding.id}/decline`, value ? { reason: value } : {}),
      done: `You declined the request from ${name}.`,
      failed: 'Could not decline',
      after: this.#ctx.refreshNow,
    });
  }
}
