// Clients: the seller accounts this partner supports (active bindings), each request's history, and the audit export.
import { download, get } from './api.js';
import { act, badge, fill, h, notice, when } from './dom.js';
import { ListPanel } from './panel.js';

const EVENT_TEXT = {
  'binding.requested': 'Requested by the seller',
  'binding.confirmed': 'Confirmed by you',
  'binding.declined': 'Declined by you',
  'binding.expired': 'Expired without an answer',
  'binding.cancelled': 'Cancelled',
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

const row = (binding) => {
  const name = binding.account?.name || 'A seller';
  return h(
    'li',
    { class: 'row row-stack', 'data-binding-id': binding.id },
    h('div', {}, h('strong', {}, name), ' ', badge('active'), h('p', { class: 'muted' }, 'Client since ', when(binding.respondedAt))),
    trail(binding, name),
  );
};

export class Clients extends ListPanel {
  constructor(ctx) {
    const lead = h('p', { class: 'lead' }, 'Seller accounts you support (active bindings).');
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
  }

  render(page) {
    this.showMore(page);
    this.showList(JSON.stringify(page.items.map((b) => [b.id, b.version])), page.items, {
      empty: 'No clients yet. Sellers become clients when you confirm their request.',
      label: 'Clients',
      row,
    });
  }
}
