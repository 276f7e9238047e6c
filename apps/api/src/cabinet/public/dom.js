// Small DOM helpers. Text always goes in through textContent, never innerHTML,
// so names, descriptions and reasons typed by other people cannot inject markup.

/** h('button', { class: 'primary', onclick: fn }, 'Turn On') */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDate = (iso) => dateTime.format(new Date(iso));

/** A <time> showing a local date and time, with the ISO instant for machines. */
export function when(iso) {
  if (!iso) return '—';
  return h('time', { datetime: iso, title: iso }, formatDate(iso));
}

/** "in 6 days", "in 3 hours", "2 minutes ago". */
export function relative(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const units = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') return rtf.format(Math.trunc(seconds / size), unit);
  }
  return '';
}

const STATUS_LABELS = {
  pending: 'Pending',
  active: 'Active',
  declined: 'Declined',
  expired: 'Expired',
  cancelled: 'Cancelled',
  terminated: 'Ended by the partner',
  ended: 'Ended',
  delivered: 'Delivered',
  failed: 'Failed',
};

export function badge(status) {
  return h('span', { class: `badge badge-${status}` }, STATUS_LABELS[status] ?? status);
}

const ROLE_NAMES = { admin: 'Administrator', manager: 'Manager', viewer: 'Viewer' };

/** A seller role as people say it. */
export const roleName = (role) => ROLE_NAMES[role] ?? role;

/** A partner's services as tags (nothing when it lists none). */
export function serviceTags(services) {
  if (!services?.length) return null;
  return h(
    'div',
    { class: 'services' },
    h('span', { class: 'muted' }, 'Services: '),
    h(
      'ul',
      { class: 'tags', 'aria-label': 'Services' },
      services.map((s) => h('li', {}, s)),
    ),
  );
}

// The access vocabulary in the API's order, as people say it.
const SCOPE_LABELS = {
  'products.read': 'Read products',
  'products.write': 'Edit products',
  'orders.read': 'Read orders',
  'orders.write': 'Handle orders',
  'finance.read': 'Read finances',
  'analytics.read': 'Read analytics',
  'ads.write': 'Run ads',
  'chats.write': 'Answer chats',
};

/** A scope as people say it (an unknown one as the API names it). */
export const scopeName = (scope) => SCOPE_LABELS[scope] ?? scope;

/** What a binding grants, as tags (`label` names the list for screen readers). */
export function scopeTags(scopes, label = 'Access') {
  if (!scopes?.length) return null;
  return h(
    'div',
    { class: 'scopes' },
    h('span', { class: 'muted' }, 'Access: '),
    h(
      'ul',
      { class: 'tags', 'aria-label': label },
      scopes.map((s) => h('li', { title: s }, scopeName(s))),
    ),
  );
}

/** Checkboxes for `scopes`, all checked; `checked()` reads the ones still checked, in the given order. */
export function scopeChoices(legend, scopes) {
  const boxes = scopes.map((scope) => h('input', { type: 'checkbox', name: 'scope', value: scope, checked: true }));
  const element = h(
    'fieldset',
    { class: 'scope-choices' },
    h('legend', {}, legend),
    boxes.map((box) => h('label', { class: 'choice' }, box, ` ${scopeName(box.value)}`)),
  );
  return { element, checked: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}

/** Contacts as links a person can use: mail, phone, website. */
export function contactList(contacts) {
  if (!contacts) return null;
  const items = [];
  if (contacts.email) items.push(h('li', {}, h('span', { class: 'muted' }, 'E-mail: '), h('a', { href: `mailto:${contacts.email}` }, contacts.email)));
  if (contacts.phone)
    items.push(h('li', {}, h('span', { class: 'muted' }, 'Phone: '), h('a', { href: `tel:${contacts.phone.replace(/[^+\d]/g, '')}` }, contacts.phone)));
  if (contacts.website && /^https?:\/\//i.test(contacts.website)) {
    items.push(
      h(
        'li',
        {},
        h('span', { class: 'muted' }, 'Website: '),
        h('a', { href: contacts.website, target: '_blank', rel: 'noopener noreferrer' }, contacts.website),
      ),
    );
  }
  return h('ul', { class: 'contacts', 'aria-label': 'Contacts' }, items);
}

/** A status line for a list: loading, empty, or an error with the API's detail. */
export function notice(kind, text) {
  return h('p', { class: `state state-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** Runs `fn` with the button disabled and marked busy, so a double click does not send twice. */
export async function busy(button, fn) {
  if (button.disabled) return;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/**
 * One action of a person on `button` (disabled meanwhile): `call`, then the `done` message, or on
 * failure `failed` with the API's detail; then `after` (a refresh, so the screen shows what really
 * happened either way).
 */
export function act(button, { call, done, failed, after }) {
  return busy(button, async () => {
    try {
      await call();
      if (done) toast(done);
    } catch (error) {
      toast(failed ? `${failed}: ${error.message}` : error.message, 'error');
    }
    await after?.();
  });
}

/** Calls `fn` once typing pauses for `ms`. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A short message at the bottom of the screen; errors are announced at once. */
export function toast(text, kind = 'info') {
  const box = document.getElementById('toast');
  if (!box) return;
  const item = h('p', { class: `toast-item toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * A modal question (native <dialog>: focus is trapped, Escape closes it). Resolves to
 * { confirmed, value } where value is the text of the optional `input`; `extra` (e.g. checkboxes) goes
 * below the text and the caller reads it afterwards.
 * The safe choice has the focus first, so Enter never destroys anything by accident.
 */
export function ask({ title, body = [], confirmLabel, cancelLabel = 'Back', danger = false, input = null, extra = null }) {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const bodyId = `${titleId}-body`;
    const field = input
      ? h('textarea', { id: `${titleId}-input`, name: 'value', rows: 3, maxlength: input.maxLength ?? 500, placeholder: input.placeholder ?? '' })
      : null;
    const cancel = h('button', { type: 'submit', value: 'cancel', class: 'secondary' }, cancelLabel);
    const confirm = h('button', { type: 'submit', value: 'confirm', class: danger ? 'danger' : 'primary' }, confirmLabel);
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: titleId }, title),
        h(
          'div',
          { id: bodyId, class: 'dialog-body' },
          body.map((paragraph) => (typeof paragraph === 'string' ? h('p', {}, paragraph) : paragraph)),
        ),
        field
          ? h('div', { class: 'field' }, h('label', { for: field.id }, input.label), field, input.hint ? h('p', { class: 'hint' }, input.hint) : null)
          : null,
        extra,
        h('div', { class: 'dialog-actions' }, cancel, confirm),
      ),
    );
    dialog.addEventListener('close', () => {
      const result = { confirmed: dialog.returnValue === 'confirm', value: field ? field.value.trim() : '' };
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    (field ?? cancel).focus();
  });
}

/** A screen's panel with its heading (the heading takes focus when the panel is navigated to). */
export function section(id, title, children) {
  return h('section', { id, class: 'panel', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title`, tabindex: '-1' }, title), children);
}

/** The row of in-page links to a screen's panels; moves focus to the panel's heading without changing the URL. */
export function sectionNav(links) {
  const nav = h('nav', { class: 'sections', 'aria-label': 'Sections' }, ...links.map(([id, label]) => h('a', { href: `#${id}` }, label)));
  nav.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link) return;
    event.preventDefault();
    const target = document.getElementById(link.getAttribute('href').slice(1));
    target?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    target?.querySelector('h2')?.focus({ preventScroll: true });
  });
  return nav;
}
