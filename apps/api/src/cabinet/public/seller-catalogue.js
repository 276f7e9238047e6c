// Useful Contacts: search the catalogue of certified partners as you type, read their contacts,
// press "Turn On". Each card follows the account's live binding with that partner.
import { get, idempotencyKey, post, query } from './api.js';
import { badge, busy, contactList, debounce, fill, formatDate, h, notice, relative, scopeChoices, section, serviceTags, toast, when } from './dom.js';

const PAGE_SIZE = 10;

export class UsefulContacts {
  #ctx;
  #field = h('input', {
    id: 'partner-search',
    type: 'search',
    name: 'q',
    autocomplete: 'off',
    placeholder: 'e.g. integr',
    'aria-describedby': 'search-hint search-status',
    'aria-controls': 'partner-results',
  });
  #status = h('div', { id: 'search-status', class: 'search-status', 'aria-live': 'polite' });
  #results = h('ul', { id: 'partner-results', class: 'cards', 'aria-label': 'Partners found' });
  #more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more partners');
  /** Numbers searches, so a late answer to an older query never replaces a newer one. */
  #seq = 0;
  #cursor = null;
  #query = '';
  /** Cards on screen by partner id, so the poll can update their state in place. */
  #cards = new Map();
  /** The account's live (pending or active) bindings by partner id, refreshed by the poll. */
  #live = new Map();

  constructor(ctx) {
    this.#ctx = ctx;
    this.element = section('useful-contacts', 'Useful Contacts', [
      h(
        'p',
        { class: 'lead' },
        'Find a certified partner by name, contact them to agree the terms, then press “Turn On”. They confirm the request on their side.',
      ),
      h('div', { class: 'field' }, h('label', { for: 'partner-search' }, 'Search certified partners by name'), this.#field),
      h('p', { id: 'search-hint', class: 'hint' }, 'Results update as you type.'),
      ctx.canManage ? null : h('p', { class: 'callout callout-warn' }, `No “Turn On” for you: ${ctx.cannotManageReason}`),
      this.#status,
      this.#results,
      this.#more,
    ]);
    this.#field.addEventListener(
      'input',
      debounce(() => void this.search(true), 250),
    );
    this.#field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void this.search(true);
      }
    });
    this.#more.addEventListener('click', () => busy(this.#more, () => this.search(false)));
  }

  /** The account's live bindings as the poll read them: every card shows its partner's. */
  showLive(bindings) {
    this.#live = new Map(bindings.map((b) => [b.partnerId, b]));
    for (const card of this.#cards.values()) card.render();
  }

  /** A new search (`reset`) for what the field holds, or the next page of the current one. */
  async search(reset) {
    const seq = ++this.#seq;
    if (reset) {
      this.#query = this.#field.value.trim();
      this.#cursor = null;
      this.#more.hidden = true;
      fill(this.#status, notice('loading', this.#query ? `Searching for “${this.#query}”…` : 'Loading the catalogue…'));
      this.#results.setAttribute('aria-busy', 'true');
    }
    let page;
    try {
      page = await get(`/v1/partners${query({ q: this.#query, limit: PAGE_SIZE, cursor: this.#cursor })}`);
    } catch (error) {
      if (seq !== this.#seq) return;
      this.#results.removeAttribute('aria-busy');
      fill(this.#status, notice('error', `The search failed: ${error.message}`));
      return;
    }
    if (seq !== this.#seq || this.#ctx.isStopped()) return; // an older search answered after a newer one
    this.#showPage(page, reset);
  }

  #showPage(page, reset) {
    this.#results.removeAttribute('aria-busy');
    if (reset) {
      this.#results.replaceChildren();
      this.#cards.clear();
    }
    for (const partner of page.items) {
      this.#ctx.partners.remember(partner);
      if (partner.binding && !this.#live.has(partner.id)) this.#live.set(partner.id, { ...partner.binding, partnerId: partner.id });
      const card = this.#card(partner);
      this.#cards.set(partner.id, card);
      this.#results.append(card.element);
    }
    this.#cursor = page.nextCursor;
    this.#more.hidden = !this.#cursor;
    const shown = this.#cards.size;
    const q = this.#query;
    fill(
      this.#status,
      shown === 0
        ? notice('empty', q ? `No certified partner matches “${q}”. Try part of the name.` : 'The catalogue is empty: no certified partners yet.')
        : notice(
            'info',
            `${shown} partner${shown === 1 ? '' : 's'} ${q ? `match${shown === 1 ? 'es' : ''} “${q}”` : 'in the catalogue'}${this.#cursor ? '; more below' : ''}.`,
          ),
    );
  }

  #card(partner) {
    const actions = h('div', { class: 'card-actions' });
    const element = h(
      'li',
      { class: 'card partner-card', 'data-partner-id': partner.id },
      h('h3', {}, partner.name),
      partner.description ? h('p', { class: 'description' }, partner.description) : null,
      serviceTags(partner.services),
      contactList(partner.contacts),
      actions,
    );
    let shownState = null;
    const render = () => {
      const binding = this.#live.get(partner.id) ?? null;
      const state = JSON.stringify(binding ? [binding.id, binding.status, binding.expiresAt ?? null] : null);
      if (state === shownState) return;
      shownState = state;
      fill(actions, this.#cardState(partner, binding));
    };
    render();
    return { element, render };
  }

  /** What a card offers: its binding's state, "Turn On", or why the person cannot turn it on. */
  #cardState(partner, binding) {
    if (binding?.status === 'active') return [badge('active'), h('p', { class: 'state-note' }, 'Turned on: this partner is in your Helpful Contacts.')];
    if (binding?.status === 'pending') {
      const expiry = binding.expiresAt ? [' The request expires ', when(binding.expiresAt), ` (${relative(binding.expiresAt)}).`] : null;
      return [badge('pending'), h('p', { class: 'state-note' }, `Waiting for ${partner.name} to confirm.`, expiry)];
    }
    if (!this.#ctx.canManage) return h('p', { class: 'muted not-allowed' }, `“Turn On” is for administrators; your role is ${this.#ctx.roleName}.`);
    const turnOn = h('button', { type: 'button', class: 'primary', 'aria-label': `Turn On ${partner.name}` }, 'Turn On');
    // What the partner offers, all granted unless the admin unchecks some.
    const scopes = partner.scopes?.length ? scopeChoices(`Access to grant ${partner.name}`, partner.scopes) : null;
    const problem = h('div', { class: 'state-note', 'aria-live': 'polite' });
    scopes?.element.addEventListener('change', () => problem.replaceChildren());
    // An optional end date: empty is an open-ended binding.
    const endsOn = h('input', { type: 'date', class: 'ends-on', 'aria-label': `End date for ${partner.name} (optional)` });
    turnOn.addEventListener('click', () => {
      const chosen = scopes?.checked();
      if (chosen?.length === 0) {
        // The API would refuse an empty set: say so here and send nothing.
        fill(problem, notice('error', `Choose at least one kind of access to grant ${partner.name}.`));
        return;
      }
      problem.replaceChildren();
      void busy(turnOn, () => this.#turnOn(partner, endsOn.value, chosen));
    });
    return [scopes?.element, h('label', { class: 'muted ends-on-label' }, 'Until (optional) ', endsOn), turnOn, problem];
  }

  /** "Turn On" with a fresh Idempotency-Key, so a retried click never makes a second request. */
  async #turnOn(partner, endsOn = '', scopes = undefined) {
    try {
      const body = { partnerId: partner.id, ...(scopes ? { scopes } : {}), ...(endsOn ? { endsAt: `${endsOn}T00:00:00Z` } : {}) };
      const binding = await post(`${this.#ctx.base}/bindings`, body, { headers: { 'idempotency-key': idempotencyKey() } });
      this.#live.set(partner.id, binding);
      this.#ctx.bindingsById.set(binding.id, binding);
      this.#cards.get(partner.id)?.render();
      toast(`Request sent to ${partner.name}. It waits for their confirmation until ${formatDate(binding.expiresAt)}.`);
    } catch (error) {
      toast(`${partner.name} could not be turned on: ${error.message}`, 'error');
    }
    void this.#ctx.refreshNow();
  }
}
