// The development picker (outside production only): lists provisioned users with the operator
// token and mints a one-hour token for the one picked. The operator token stays in memory.
import { ApiError, get, post, query } from './api.js';
import { busy, fill, h, notice, roleName } from './dom.js';

class UserList {
  #operatorToken = '';
  #cursor = null;
  #kind;
  #signInWith;
  #list = h('ul', { class: 'user-list', 'aria-label': 'Provisioned users' });
  result = h('div', { class: 'picker-result', 'aria-live': 'polite' });
  more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => void busy(this.more, () => this.load(false)) }, 'More users');

  constructor(kindField, signInWith) {
    this.#kind = kindField;
    this.#signInWith = signInWith;
  }

  /** The first page for this operator token (`reset`), or the next one. */
  async load(reset, operatorToken) {
    if (reset) {
      this.#operatorToken = operatorToken;
      this.#cursor = null;
      fill(this.result, notice('loading', 'Loading users…'));
    }
    let page;
    try {
      page = await get(`/v1/operator/users${query({ kind: this.#kind.value, limit: 20, cursor: this.#cursor })}`, {
        token: this.#operatorToken,
        quiet401: true,
      });
    } catch (error) {
      fill(
        this.result,
        notice('error', error instanceof ApiError && error.status === 401 ? `The operator token was not accepted: ${error.message}` : error.message),
      );
      return;
    }
    if (reset) {
      this.#list.replaceChildren();
      fill(
        this.result,
        page.items.length ? this.#list : notice('empty', 'No users are provisioned yet. Create accounts, partners and users with the operator API first.'),
        this.more,
      );
    }
    for (const user of page.items) this.#list.append(this.#row(user));
    this.#cursor = page.nextCursor;
    this.more.hidden = !this.#cursor;
  }

  #row(user) {
    const place = user.kind === 'seller' ? user.account?.name : user.partner?.name;
    const what = user.kind === 'seller' ? `${roleName(user.role)} at ${place}` : `Partner staff at ${place}`;
    const button = h(
      'button',
      { type: 'button', class: 'primary', disabled: !user.active, 'aria-label': `Sign in as ${user.name} (${what})` },
      user.active ? 'Sign in' : 'Deactivated',
    );
    const errorBox = h('div', { class: 'form-error' });
    button.addEventListener('click', () =>
      busy(button, async () => {
        try {
          const minted = await post('/v1/operator/tokens', { userId: user.id }, { token: this.#operatorToken, quiet401: true });
          await this.#signInWith(minted.accessToken, errorBox);
        } catch (error) {
          fill(errorBox, notice('error', error.message));
        }
      }),
    );
    return h(
      'li',
      { class: 'user-row' },
      h(
        'div',
        {},
        h('strong', {}, user.name),
        h('span', { class: 'muted' }, ` ${user.email}`),
        h('div', { class: 'muted' }, h('span', { class: `kind kind-${user.kind}` }, user.kind === 'seller' ? 'Seller' : 'Partner'), ` ${what}`),
      ),
      button,
      errorBox,
    );
  }
}

export function userPicker(development, signInWith) {
  const operatorField = h('input', {
    id: 'operator-token',
    name: 'operatorToken',
    type: 'password',
    autocomplete: 'off',
    value: development ? 'dev-operator-token' : '',
    'aria-describedby': 'operator-token-hint',
  });
  const kindField = h(
    'select',
    { id: 'user-kind', name: 'kind' },
    h('option', { value: '' }, 'Sellers and partners'),
    h('option', { value: 'seller' }, 'Seller users'),
    h('option', { value: 'partner' }, 'Partner users'),
  );
  const show = h('button', { type: 'submit', class: 'secondary' }, 'Show users');
  const users = new UserList(kindField, signInWith);
  const onsubmit = (event) => {
    event.preventDefault();
    void busy(show, () => users.load(true, operatorField.value.trim()));
  };
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'picker-title' },
    h('h2', { id: 'picker-title' }, 'Development: sign in as a provisioned user'),
    h(
      'p',
      { class: 'hint' },
      'Lists seller and partner users with the operator token and issues a one-hour access token for the one you pick. Not available in production.',
    ),
    h(
      'form',
      { class: 'inline-form', onsubmit },
      h('div', { class: 'field' }, h('label', { for: 'operator-token' }, 'Operator token'), operatorField),
      h('div', { class: 'field' }, h('label', { for: 'user-kind' }, 'Show'), kindField),
      show,
    ),
    h(
      'p',
      { id: 'operator-token-hint', class: 'hint' },
      development ? 'Prefilled with the development operator token.' : 'The OPERATOR_TOKEN this service was started with.',
    ),
    users.result,
  );
}
