// The seller cabinet: Settings → Account Management → Useful Contacts / Helpful Contacts.
import { ApiError, get, idempotencyKey, post, query } from './api.js';
import { ask, badge, busy, contactList, debounce, fill, formatDate, h, notice, relative, section, sectionNav, toast, when } from './dom.js';
import { livePoller } from './live.js';

const ROLE_NAMES = { admin: 'Administrator', manager: 'Manager', viewer: 'Viewer' };
const PERMISSIONS = [
  ['catalogue:read', 'Search the catalogue of certified partners and see their contacts'],
  ['bindings:read', 'See this account’s requests, Helpful Contacts and each binding’s history'],
  ['notifications:read', 'Read this account’s notifications'],
  ['bindings:manage', 'Turn partners on (“Turn On”) and cancel them'],
];

export function startSeller(root, me) {
  const canManage = me.permissions.includes('bindings:manage');
  const roleName = ROLE_NAMES[me.role] ?? me.role;
  const base = `/v1/accounts/${me.account.id}`;
  const cannotManageReason = `Only an administrator can turn partners on or cancel them. Your role in ${me.account.name} is ${roleName}: you can look partners up and contact them, then ask an administrator to turn one on.`;

  /** Partner summaries by id (names for bindings and notices). */
  const partners = new Map();
  /** The account's live (pending or active) bindings by partner id, refreshed by the poll. */
  let live = new Map();
  /** Every binding seen, by id (decline reasons for notices). */
  const bindingsById = new Map();
  let stopped = false;

  // ---- layout ---------------------------------------------------------------------------

  const nav = sectionNav([['account-management', 'Account Management'], ['useful-contacts', 'Useful Contacts'], ['helpful-contacts', 'Helpful Contacts'], ['pending-requests', 'Pending requests'], ['notifications', 'Notifications'], ['history', 'History']]);

  const liveStatus = h('div', { class: 'live-status' });

  const accountSection = section('account-management', 'Account Management', [
    h('p', { class: 'lead' }, 'Check your role first: it decides what you can do with partners here.'),
    h(
      'div',
      { class: 'account-grid' },
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Signed in as'),
        h('dd', {}, `${me.user.name} (${me.user.email})`),
        h('dt', {}, 'Seller account'),
        h('dd', {}, me.account.name),
        h('dt', {}, 'Your role'),
        h('dd', {}, h('strong', { class: 'role', 'data-role': me.role }, roleName)),
      ),
      h(
        'div',
        {},
        h('h3', {}, 'What your role allows'),
        h(
          'ul',
          { class: 'permissions', 'aria-label': 'What your role allows' },
          PERMISSIONS.map(([key, text]) => {
            const allowed = me.permissions.includes(key);
            return h('li', { class: allowed ? 'allowed' : 'denied' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, allowed ? '✓' : '✕'), h('span', { class: 'sr-only' }, allowed ? 'Allowed: ' : 'Not allowed: '), text);
          }),
        ),
      ),
    ),
    canManage
      ? h('p', { class: 'callout callout-ok' }, 'You are an administrator: you can turn partners on in Useful Contacts and cancel them in Helpful Contacts.')
      : h('p', { class: 'callout callout-warn', id: 'cannot-manage' }, cannotManageReason),
  ]);

  // Useful Contacts: the catalogue
  const searchField = h('input', { id: 'partner-search', type: 'search', name: 'q', autocomplete: 'off', placeholder: 'e.g. integr', 'aria-describedby': 'search-hint search-status', 'aria-controls': 'partner-results' });
  const searchStatus = h('div', { id: 'search-status', class: 'search-status', 'aria-live': 'polite' });
  const results = h('ul', { id: 'partner-results', class: 'cards', 'aria-label': 'Partners found' });
  const moreResults = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more partners');
  const usefulSection = section('useful-contacts', 'Useful Contacts', [
    h('p', { class: 'lead' }, 'Find a certified partner by name, contact them to agree the terms, then press “Turn On”. They confirm the request on their side.'),
    h('div', { class: 'field' }, h('label', { for: 'partner-search' }, 'Search certified partners by name'), searchField),
    h('p', { id: 'search-hint', class: 'hint' }, 'Results update as you type.'),
    canManage ? null : h('p', { class: 'callout callout-warn' }, `No “Turn On” for you: ${cannotManageReason}`),
    searchStatus,
    results,
    moreResults,
  ]);

  const helpfulBody = h('div', {}, notice('loading', 'Loading Helpful Contacts…'));
  const helpfulSection = section('helpful-contacts', 'Helpful Contacts', [h('p', { class: 'lead' }, 'Partners who confirmed and now support this account.'), helpfulBody]);

  const pendingBody = h('div', {}, notice('loading', 'Loading pending requests…'));
  const pendingSection = section('pending-requests', 'Pending requests', [h('p', { class: 'lead' }, 'Requests waiting for the partner to confirm. A request nobody answers expires.'), pendingBody]);

  const noticesBody = h('div', {}, notice('loading', 'Loading notifications…'));
  const moreNotices = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older notifications');
  const noticesSection = section('notifications', 'Notifications', [noticesBody, moreNotices]);

  const historyBody = h('div', {}, notice('loading', 'Loading requests…'));
  const moreHistory = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older requests');
  const historySection = section('history', 'History', [h('p', { class: 'lead' }, 'Every request this account made, newest first, with what happened to it.'), historyBody, moreHistory]);

  fill(
    root,
    h('h1', { class: 'page-title' }, 'Settings › Account Management'),
    nav,
    liveStatus,
    h('div', { class: 'seller-grid' }, accountSection, usefulSection, helpfulSection, pendingSection, noticesSection, historySection),
  );

  // ---- partner names ---------------------------------------------------------------------

  function remember(partner) {
    if (partner?.id) partners.set(partner.id, { ...partners.get(partner.id), ...partner });
  }

  async function ensurePartners(ids) {
    const missing = [...new Set(ids)].filter((id) => !partners.has(id));
    await Promise.all(
      missing.map(async (id) => {
        try {
          remember(await get(`/v1/partners/${id}`));
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) partners.set(id, { id, name: 'A partner no longer in the catalogue' });
        }
      }),
    );
  }

  const partnerName = (id) => partners.get(id)?.name ?? 'Partner';

  // ---- Useful Contacts -------------------------------------------------------------------

  let searchSeq = 0;
  let searchCursor = null;
  let searchQuery = '';
  /** Cards on screen by partner id, so the poll can update their state in place. */
  const cards = new Map();

  async function search(reset) {
    const seq = ++searchSeq;
    if (reset) {
      searchQuery = searchField.value.trim();
      searchCursor = null;
      moreResults.hidden = true;
      fill(searchStatus, notice('loading', searchQuery ? `Searching for “${searchQuery}”…` : 'Loading the catalogue…'));
      results.setAttribute('aria-busy', 'true');
    }
    let page;
    try {
      page = await get(`/v1/partners${query({ q: searchQuery, limit: 10, cursor: searchCursor })}`);
    } catch (error) {
      if (seq !== searchSeq) return;
      results.removeAttribute('aria-busy');
      fill(searchStatus, notice('error', `The search failed: ${error.message}`));
      return;
    }
    if (seq !== searchSeq || stopped) return; // an older search answered after a newer one
    results.removeAttribute('aria-busy');
    if (reset) {
      results.replaceChildren();
      cards.clear();
    }
    for (const partner of page.items) {
      remember(partner);
      if (partner.binding && !live.has(partner.id)) live.set(partner.id, { ...partner.binding, partnerId: partner.id });
      const card = partnerCard(partner);
      cards.set(partner.id, card);
      results.append(card.element);
    }
    searchCursor = page.nextCursor;
    moreResults.hidden = !searchCursor;
    const shown = cards.size;
    fill(
      searchStatus,
      shown === 0
        ? notice('empty', searchQuery ? `No certified partner matches “${searchQuery}”. Try part of the name.` : 'The catalogue is empty: no certified partners yet.')
        : notice('info', `${shown} partner${shown === 1 ? '' : 's'} ${searchQuery ? `match${shown === 1 ? 'es' : ''} “${searchQuery}”` : 'in the catalogue'}${searchCursor ? '; more below' : ''}.`),
    );
  }

  function partnerCard(partner) {
    const actions = h('div', { class: 'card-actions' });
    const element = h(
      'li',
      { class: 'card partner-card', 'data-partner-id': partner.id },
      h('h3', {}, partner.name),
      partner.description ? h('p', { class: 'description' }, partner.description) : null,
      partner.services?.length ? h('div', { class: 'services' }, h('span', { class: 'muted' }, 'Services: '), h('ul', { class: 'tags', 'aria-label': 'Services' }, partner.services.map((s) => h('li', {}, s)))) : null,
      contactList(partner.contacts),
      actions,
    );
    let shownState = null;
    function render() {
      const binding = live.get(partner.id) ?? null;
      const state = JSON.stringify(binding ? [binding.id, binding.status, binding.expiresAt ?? null] : null);
      if (state === shownState) return;
      shownState = state;
      if (binding?.status === 'active') {
        fill(actions, badge('active'), h('p', { class: 'state-note' }, 'Turned on: this partner is in your Helpful Contacts.'));
      } else if (binding?.status === 'pending') {
        fill(
          actions,
          badge('pending'),
          h('p', { class: 'state-note' }, `Waiting for ${partner.name} to confirm.`, binding.expiresAt ? [' The request expires ', when(binding.expiresAt), ` (${relative(binding.expiresAt)}).`] : null),
        );
      } else if (canManage) {
        const turnOn = h('button', { type: 'button', class: 'primary', 'aria-label': `Turn On ${partner.name}` }, 'Turn On');
        turnOn.addEventListener('click', () => busy(turnOn, () => turnOnPartner(partner)));
        fill(actions, turnOn);
      } else {
        fill(actions, h('p', { class: 'muted not-allowed' }, `“Turn On” is for administrators; your role is ${roleName}.`));
      }
    }
    render();
    return { element, render };
  }

  async function turnOnPartner(partner) {
    try {
      const binding = await post(`${base}/bindings`, { partnerId: partner.id }, { headers: { 'idempotency-key': idempotencyKey() } });
      live.set(partner.id, binding);
      bindingsById.set(binding.id, binding);
      cards.get(partner.id)?.render();
      toast(`Request sent to ${partner.name}. It waits for their confirmation until ${formatDate(binding.expiresAt)}.`);
      void refreshNow();
    } catch (error) {
      toast(`${partner.name} could not be turned on: ${error.message}`, 'error');
      void refreshNow();
    }
  }

  searchField.addEventListener('input', debounce(() => void search(true), 250));
  searchField.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void search(true);
    }
  });
  moreResults.addEventListener('click', () => busy(moreResults, () => search(false)));

  // ---- cancelling ------------------------------------------------------------------------

  async function cancelBinding(binding, button) {
    const name = partnerName(binding.partnerId);
    const pending = binding.status === 'pending';
    const { confirmed } = await ask({
      title: pending ? `Withdraw the request to ${name}?` : `Cancel ${name}?`,
      body: pending
        ? [`${name} will not be able to confirm it any more and will be told the request was cancelled.`, 'To work with them later, an administrator has to turn them on again.']
        : [
            `${name} will stop supporting ${me.account.name}: you lose their professional support and services, and they leave your Helpful Contacts.`,
            `${name} is told the binding is cancelled. To get their support back, an administrator has to turn them on again and wait for them to confirm.`,
          ],
      confirmLabel: pending ? 'Withdraw request' : 'Cancel binding',
      cancelLabel: pending ? 'Keep request' : `Keep ${name}`,
      danger: true,
    });
    if (!confirmed) {
      button?.focus();
      return;
    }
    await busy(button ?? h('button'), async () => {
      try {
        await post(`${base}/bindings/${binding.id}/cancel`, {});
        toast(pending ? `The request to ${name} was withdrawn.` : `${name} was cancelled and no longer supports this account.`);
      } catch (error) {
        toast(`Could not cancel: ${error.message}`, 'error');
      }
      await refreshNow();
    });
  }

  // ---- Helpful Contacts, pending, history, notifications (refreshed by the poll) ----------

  const shown = { helpful: null, pending: null, history: null, notices: null };
  let historyLimit = 20;
  let noticesLimit = 20;

  function renderHelpful(data) {
    for (const item of data.items) remember(item.partner);
    const key = JSON.stringify(data.items);
    if (key === shown.helpful) return;
    shown.helpful = key;
    if (data.items.length === 0) {
      fill(helpfulBody, notice('empty', 'No partner supports this account yet. Turn one on in Useful Contacts; it appears here once the partner confirms.'));
      return;
    }
    fill(
      helpfulBody,
      h(
        'ul',
        { class: 'cards', 'aria-label': 'Helpful Contacts' },
        data.items.map((item) => {
          const cancel = canManage ? h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Cancel ${item.partner.name}` }, 'Cancel') : null;
          cancel?.addEventListener('click', () => void cancelBinding({ id: item.bindingId, partnerId: item.partner.id, status: 'active' }, cancel));
          return h(
            'li',
            { class: 'card helpful-card', 'data-binding-id': item.bindingId },
            h('h3', {}, item.partner.name),
            h('p', { class: 'muted' }, 'Supporting you since ', when(item.since)),
            item.partner.description ? h('p', { class: 'description' }, item.partner.description) : null,
            item.partner.services?.length ? h('div', { class: 'services' }, h('span', { class: 'muted' }, 'Services: '), h('ul', { class: 'tags', 'aria-label': 'Services' }, item.partner.services.map((s) => h('li', {}, s)))) : null,
            contactList(item.partner.contacts),
            h('div', { class: 'card-actions' }, badge('active'), cancel),
          );
        }),
      ),
    );
  }

  function renderPending(items) {
    const key = JSON.stringify(items.map((b) => [b.id, b.version, partnerName(b.partnerId)]));
    if (key === shown.pending) return;
    shown.pending = key;
    if (items.length === 0) {
      fill(pendingBody, notice('empty', 'No requests are waiting for a partner.'));
      return;
    }
    fill(
      pendingBody,
      h(
        'ul',
        { class: 'rows', 'aria-label': 'Pending requests' },
        items.map((binding) => {
          const name = partnerName(binding.partnerId);
          const withdraw = canManage ? h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Withdraw the request to ${name}` }, 'Withdraw') : null;
          withdraw?.addEventListener('click', () => void cancelBinding(binding, withdraw));
          return h(
            'li',
            { class: 'row', 'data-binding-id': binding.id },
            h('div', {}, h('strong', {}, name), ' ', badge('pending'), h('p', { class: 'muted' }, 'Sent ', when(binding.requestedAt), ' · expires ', when(binding.expiresAt), ` (${relative(binding.expiresAt)})`)),
            withdraw,
          );
        }),
      ),
    );
  }

  /** Open history panels (binding id → version shown), kept across re-renders. */
  const openHistory = new Map();

  function renderHistory(page) {
    const key = JSON.stringify([page.items.map((b) => [b.id, b.version, partnerName(b.partnerId)]), page.nextCursor !== null]);
    moreHistory.hidden = page.nextCursor === null;
    if (key === shown.history) return;
    shown.history = key;
    if (page.items.length === 0) {
      fill(historyBody, notice('empty', 'This account has not requested any partner yet.'));
      return;
    }
    fill(historyBody, h('ul', { class: 'rows', 'aria-label': 'Requests and their history' }, page.items.map(historyRow)));
  }

  function historyRow(binding) {
    const name = partnerName(binding.partnerId);
    const events = h('div', { class: 'events' });
    const details = h('details', { class: 'history' }, h('summary', {}, `History of the request to ${name}`), events);
    const load = async () => {
      fill(events, notice('loading', 'Loading history…'));
      try {
        const full = await get(`${base}/bindings/${binding.id}`);
        openHistory.set(binding.id, full.version);
        fill(events, eventList(full.events, name));
      } catch (error) {
        fill(events, notice('error', `The history could not be loaded: ${error.message}`));
      }
    };
    details.addEventListener('toggle', () => {
      if (details.open) void load();
      else openHistory.delete(binding.id);
    });
    if (openHistory.has(binding.id)) {
      details.open = true;
    }
    return h(
      'li',
      { class: 'row row-stack', 'data-binding-id': binding.id, 'data-status': binding.status },
      h('div', { class: 'row-head' }, h('strong', {}, name), ' ', badge(binding.status)),
      h('p', { class: 'muted' }, outcome(binding)),
      binding.status === 'declined'
        ? h('p', { class: 'decline-reason' }, binding.declineReason ? `Reason given by the partner: “${binding.declineReason}”` : 'The partner gave no reason.')
        : null,
      details,
    );
  }

  function outcome(binding) {
    switch (binding.status) {
      case 'pending':
        return ['Sent ', when(binding.requestedAt), '; waiting for the partner until ', when(binding.expiresAt), '.'];
      case 'active':
        return ['Confirmed ', when(binding.respondedAt), '; the partner supports this account.'];
      case 'declined':
        return ['Declined by the partner ', when(binding.respondedAt), '.'];
      case 'expired':
        return ['Nobody answered; the request expired ', when(binding.expiresAt), '.'];
      case 'cancelled':
        return ['Cancelled ', when(binding.cancelledAt), binding.respondedAt ? ' (it had been active).' : ' before the partner answered.'];
      default:
        return binding.status;
    }
  }

  const EVENT_TEXT = {
    'binding.requested': 'Requested (“Turn On”)',
    'binding.confirmed': 'Confirmed by the partner',
    'binding.declined': 'Declined by the partner',
    'binding.expired': 'Expired without an answer',
    'binding.cancelled': 'Cancelled',
  };
  const ACTOR_TEXT = { seller: 'by a seller administrator', partner: 'by the partner', system: 'by the system', operator: 'by the operator' };

  function eventList(events, name) {
    if (!events?.length) return notice('empty', 'No events recorded.');
    return h(
      'ol',
      { class: 'timeline', 'aria-label': `History of the request to ${name}` },
      events.map((event) =>
        h(
          'li',
          {},
          when(event.at),
          ' — ',
          h('strong', {}, EVENT_TEXT[event.type] ?? event.type),
          ` ${ACTOR_TEXT[event.actorKind] ?? ''}`,
          event.fromStatus ? h('span', { class: 'muted' }, ` (${event.fromStatus} → ${event.toStatus})`) : h('span', { class: 'muted' }, ` (→ ${event.toStatus})`),
          event.data?.reason ? ` — “${event.data.reason}”` : null,
        ),
      ),
    );
  }

  const NOTICE_TEXT = {
    'binding.requested': (name) => `A request to turn on ${name} was sent.`,
    'binding.confirmed': (name) => `${name} confirmed the request and is now in your Helpful Contacts.`,
    'binding.declined': (name, binding) => `${name} declined the request${binding?.declineReason ? `: “${binding.declineReason}”` : '.'}`,
    'binding.expired': (name) => `The request to ${name} expired: nobody answered in time.`,
    'binding.cancelled': (name) => `The binding with ${name} was cancelled.`,
  };

  function renderNotices(page) {
    moreNotices.hidden = page.nextCursor === null;
    const key = JSON.stringify(page.items.map((n) => [n.id, n.readAt, partnerName(n.partnerId), bindingsById.get(n.bindingId)?.declineReason ?? null]));
    if (key === shown.notices) return;
    shown.notices = key;
    if (page.items.length === 0) {
      fill(noticesBody, notice('empty', 'No notifications yet. You are told here when a partner answers, a request expires or a binding is cancelled.'));
      return;
    }
    fill(
      noticesBody,
      h(
        'ul',
        { class: 'rows', 'aria-label': 'Notifications' },
        page.items.map((n) => {
          const text = (NOTICE_TEXT[n.type] ?? (() => n.type))(partnerName(n.partnerId), bindingsById.get(n.bindingId));
          const markRead = n.readAt ? null : h('button', { type: 'button', class: 'link', 'aria-label': `Mark as read: ${text}` }, 'Mark as read');
          markRead?.addEventListener('click', () =>
            busy(markRead, async () => {
              try {
                await post(`${base}/notifications/${n.id}/read`, {});
                await refreshNow();
              } catch (error) {
                toast(error.message, 'error');
              }
            }),
          );
          return h('li', { class: `row notice ${n.readAt ? 'read' : 'unread'}`, 'data-type': n.type }, h('div', {}, h('p', {}, n.readAt ? null : h('span', { class: 'sr-only' }, 'Unread: '), text), h('p', { class: 'muted' }, when(n.createdAt))), markRead);
        }),
      ),
    );
  }

  moreHistory.addEventListener('click', () => {
    historyLimit = Math.min(100, historyLimit + 20);
    void busy(moreHistory, refreshNow);
  });
  moreNotices.addEventListener('click', () => {
    noticesLimit = Math.min(100, noticesLimit + 20);
    void busy(moreNotices, refreshNow);
  });

  // ---- the poll --------------------------------------------------------------------------

  async function refreshOnce() {
    const [liveBindings, helpful, history, notices] = await Promise.all([
      get(`${base}/bindings${query({ status: 'pending,active', limit: 100 })}`),
      get(`${base}/helpful-contacts`),
      get(`${base}/bindings${query({ limit: historyLimit })}`),
      get(`${base}/notifications${query({ limit: noticesLimit })}`),
    ]);
    if (stopped) return;
    for (const b of [...liveBindings.items, ...history.items]) bindingsById.set(b.id, b);
    await ensurePartners([...liveBindings.items, ...history.items, ...notices.items].map((x) => x.partnerId));
    if (stopped) return;
    live = new Map(liveBindings.items.map((b) => [b.partnerId, b]));
    for (const card of cards.values()) card.render();
    renderHelpful(helpful);
    renderPending(liveBindings.items.filter((b) => b.status === 'pending'));
    renderHistory(history);
    // (An open history panel is re-rendered, and so reloaded, when its binding's version changes.)
    renderNotices(notices);
  }

  const poller = livePoller(refreshOnce, liveStatus, () => stopped);
  const { refresh, refreshNow } = poller;

  void search(true);
  poller.start();
  return () => {
    stopped = true;
    poller.stop();
  };
}
