// Clients: the seller accounts this partner supports (active bindings) with "End cooperation", the ones it
// stopped supporting (terminated), each request's history, and the audit export.
import { download, get, post } from './api.js';
import { act, ask, badge, fill, h, notice, scopeTags, when } from './dom.js';
import { ListPanel } from './panel.js';

const EVENT_TEXT = {
  'binding.requested': 'Requested by the seller',
  'binding.confirmed': 'Confirmed by you',
  'binding.declined': 'Declined by you',
  'binding.expired': 'Expired without an answer',
  'binding.cancelled': 'Cancelled',
  'binding.terminated': 'Ended by you',
  'binding.scopes_narrowed': 'Access narrowed by the seller',
  'binding.ended': 'Ended: the fixed term ran out',
  'binding.extended': 'Term extended by the seller',
};

/** The request's audit trail (GET /v1/partner/requests/:id), read when the person opens it. */
function trail(binding, name) {
  const events = h('div', { class: 'events' });
  const details = h('details', { class: 'history' }, h('summary', {}, `History of the request from ${name}`), events);
  details.addEventListener('toggle', async () => {
    if (!details.open) return;
    fill(events, notice('loading', 'Loading history…'));
    try {
      const full = await get(`/v1/partner/requests/${binding.id}`);
      const items = full.events.map((event) =>
        h('li', {}, when(event.at), ' — ', h('strong', {}, EVENT_TEXT[event.type] ?? event.type), event.actorKind === 'system' ? ' by the system' : ''),
      );
      fill(events, h('ol', { class: 'timeline', 'aria-label': `History of the request from ${name}` }, items));
    } catch (error) {
      fill(events, notice('error', `The history could not be loaded: ${error.message}`));
    }
  });
  return details;
}

/** Asks for an optional reason (the seller sees it), then ends the cooperation. */
async function endCooperation(binding, name, button, refreshNow) {
  const { confirmed, value } = await ask({
    title: `End cooperation with ${name}?`,
    body: [`You stop supporting ${name} at once and lose access to its account. ${name} is told, with your reason if you give one.`],
    input: { label: 'Reason (optional, the seller sees it)', maxLength: 500, hint: 'Up to 500 characters.' },
    confirmLabel: 'End cooperation',
    cancelLabel: 'Back',
    danger: true,
  });
  if (!confirmed) {
    button.focus();
    return;
  }
  await act(button, {
    call: () => post(`/v1/partner/requests/${binding.id}/terminate`, value ? { reason: value } : {}),
    done: `You no longer support ${name}.`,
    failed: 'Could not end the cooperation',
    after: refreshNow,
  });
}

/** Since when the partner supports the client, or when and why it stopped. */
function standing(binding) {
  if (binding.status !== 'terminated') return h('p', { class: 'muted' }, 'Client since ', when(binding.respondedAt));
  const reason = binding.terminationReason ? `: “${binding.terminationReason}”` : '.';
  return h('p', { class: 'muted' }, 'You ended the cooperation ', when(binding.terminatedAt), reason);
}

const row = (binding, refreshNow) => {
  const name = binding.account?.name || 'A seller';
  const end =
    binding.status === 'active'
      ? h('button', { type: 'button', class: 'danger-outline', 'aria-label': `End cooperation with ${name}` }, 'End cooperation')
      : null;
  end?.addEventListener('click', () => void endCooperation(binding, name, end, refreshNow));
  return h(
    'li',
    { class: 'row row-stack', 'data-binding-id': binding.id },
    h('div', {}, h('strong', {}, name), ' ', badge(binding.status), standing(binding), scopeTags(binding.scopes, `Access granted by ${name}`)),
    end ? h('div', { class: 'row-actions' }, end) : null,
    trail(binding, name),
  );
};

export class Clients extends ListPanel {
  #refreshNow;

  constructor(ctx) {
    const lead = h('p', { class: 'lead' }, 'Seller accounts you support, and the ones you stopped supporting.');
    const audit = h('button', { type: 'button', class: 'secondary', 'data-action': 'download-audit' }, 'Download audit (CSV)');
    audit.addEventListener('click', () =>
      act(audit, { call: () => download('/v1/partner/audit?format=csv', 'audit.csv'), failed: 'Could not download the audit trail' }),
    );
    super({
      id: 'clients',
      title: 'Clients',
      before: [lead, h('p', {}, audit)],
      loading: 'Loading clients…',
      more: 'Show more clients',
      refreshNow: ctx.refreshNow,
    });
    this.#refreshNow = ctx.refreshNow;
  }

  render(page) {
    this.showMore(page);
    this.showList(JSON.stringify(page.items.map((b) => [b.id, b.version])), page.items, {
      empty: 'No clients yet. Sellers become clients when you confirm their request.',
      label: 'Clients',
      row: (binding) => row(binding, this.#refreshNow),
    });
  }
}
