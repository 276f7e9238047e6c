// Inbox: requests from sellers waiting for this partner's answer — confirm, or decline with a reason.
import { post } from './api.js';
import { act, ask, badge, h, relative, when } from './dom.js';
import { ListPanel } from './panel.js';

export class Inbox extends ListPanel {
  #ctx;

  constructor(ctx) {
    const lead = h('p', { class: 'lead' }, 'Sellers who want your support. Confirm to start working with them, or decline with a reason they will see.');
    super({ id: 'inbox', title: 'Inbox', before: [lead], loading: 'Loading requests…' });
    this.#ctx = ctx;
  }

  render(page) {
    this.showList(JSON.stringify(page.items.map((b) => [b.id, b.version])), page.items, {
      empty: 'No requests are waiting. New requests from sellers appear here by themselves.',
      label: 'Requests waiting for your answer',
      row: (binding) => this.#row(binding),
    });
  }

  #row(binding) {
    const name = binding.account?.name || 'A seller';
    const confirm = h('button', { type: 'button', class: 'primary', 'aria-label': `Confirm the request from ${name}` }, 'Confirm');
    const decline = h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Decline the request from ${name}` }, 'Decline');
    confirm.addEventListener('click', () =>
      act(confirm, {
        call: () => post(`/v1/partner/requests/${binding.id}/confirm`, {}),
        done: `You now support ${name}.`,
        failed: 'Could not confirm',
        after: this.#ctx.refreshNow,
      }),
    );
    decline.addEventListener('click', () => this.#decline(binding, name, decline));
    return h(
      'li',
      { class: 'row', 'data-binding-id': binding.id },
      h(
        'div',
        {},
        h('strong', {}, name),
        ' ',
        badge('pending'),
        h('p', { class: 'muted' }, 'Received ', when(binding.requestedAt), ' · answer by ', when(binding.expiresAt), ` (${relative(binding.expiresAt)})`),
      ),
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
