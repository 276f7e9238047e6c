// Sign-in: paste an access token; outside production also a picker of provisioned users
// (lists them with the operator token and mints a one-hour token for the one picked).
import { ApiError, get, post, query, session } from './api.js';
import { fill, h, busy, notice } from './dom.js';

const ROLE_NAMES = { admin: 'Administrator', manager: 'Manager', viewer: 'Viewer' };

export function startSignIn(root, { message, onSignedIn }) {
  let stopped = false;
  const tokenField = h('textarea', { id: 'access-token', name: 'accessToken', rows: 3, required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'access-token-hint' });
  const tokenError = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');

  const tokenForm = h(
    'form',
    {
      class: 'panel',
      'aria-labelledby': 'signin-title',
      onsubmit: (event) => {
        event.preventDefault();
        const token = tokenField.value.trim().replace(/^Bearer\s+/i, '');
        if (!token) {
          fill(tokenError, notice('error', 'Paste an access token first.'));
          tokenField.focus();
          return;
        }
        void busy(submit, () => signInWith(token, tokenError));
      },
    },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    message ? notice('info', message) : null,
    h('div', { class: 'field' }, h('label', { for: 'access-token' }, 'Access token'), tokenField),
    h('p', { id: 'access-token-hint', class: 'hint' }, 'Paste the access token your marketplace back office issued. It is kept in this browser tab only and sent only in the Authorization header.'),
    tokenError,
    h('div', { class: 'actions' }, submit),
  );

  async function signInWith(token, errorBox) {
    try {
      await get('/v1/me', { token, quiet401: true });
    } catch (error) {
      fill(errorBox, notice('error', error instanceof ApiError && error.status === 401 ? `That token was not accepted: ${error.message}` : error.message));
      return;
    }
    session.token = token;
    if (!stopped) onSignedIn();
  }

  fill(root, h('div', { class: 'signin' }, tokenForm, h('div', { id: 'picker-slot' })));
  tokenField.focus();

  get('/app/config.json', { token: null })
    .then((config) => {
      if (!stopped && config?.picker) root.querySelector('#picker-slot')?.replaceWith(picker(config.development, signInWith));
    })
    .catch(() => undefined);

  return () => {
    stopped = true;
  };
}

function picker(development, signInWith) {
  const operatorField = h('input', { id: 'operator-token', name: 'operatorToken', type: 'password', autocomplete: 'off', value: development ? 'dev-operator-token' : '', 'aria-describedby': 'operator-token-hint' });
  const kindField = h(
    'select',
    { id: 'user-kind', name: 'kind' },
    h('option', { value: '' }, 'Sellers and partners'),
    h('option', { value: 'seller' }, 'Seller users'),
    h('option', { value: 'partner' }, 'Partner users'),
  );
  const show = h('button', { type: 'submit', class: 'secondary' }, 'Show users');
  const result = h('div', { class: 'picker-result', 'aria-live': 'polite' });
  let operatorToken = '';
  let nextCursor = null;
  const list = h('ul', { class: 'user-list', 'aria-label': 'Provisioned users' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => void busy(more, () => load(false)) }, 'More users');

  async function load(reset) {
    if (reset) {
      operatorToken = operatorField.value.trim();
      nextCursor = null;
      fill(result, notice('loading', 'Loading users…'));
    }
    let page;
    try {
      page = await get(`/v1/operator/users${query({ kind: kindField.value, limit: 20, cursor: nextCursor })}`, { token: operatorToken, quiet401: true });
    } catch (error) {
      fill(result, notice('error', error instanceof ApiError && error.status === 401 ? `The operator token was not accepted: ${error.message}` : error.message));
      return;
    }
    if (reset) {
      list.replaceChildren();
      fill(result, page.items.length ? list : notice('empty', 'No users are provisioned yet. Create accounts, partners and users with the operator API first.'), more);
    }
    for (const user of page.items) list.append(userRow(user));
    nextCursor = page.nextCursor;
    more.hidden = !nextCursor;
  }

  function userRow(user) {
    const place = user.kind === 'seller' ? user.account?.name : user.partner?.name;
    const what = user.kind === 'seller' ? `${ROLE_NAMES[user.role] ?? user.role} at ${place}` : `Partner staff at ${place}`;
    const button = h('button', { type: 'button', class: 'primary', disabled: !user.active, 'aria-label': `Sign in as ${user.name} (${what})` }, user.active ? 'Sign in' : 'Deactivated');
    const errorBox = h('div', { class: 'form-error' });
    button.addEventListener('click', () =>
      busy(button, async () => {
        try {
          const minted = await post('/v1/operator/tokens', { userId: user.id }, { token: operatorToken, quiet401: true });
          await signInWith(minted.accessToken, errorBox);
        } catch (error) {
          fill(errorBox, notice('error', error.message));
        }
      }),
    );
    return h(
      'li',
      { class: 'user-row' },
      h('div', {}, h('strong', {}, user.name), h('span', { class: 'muted' }, ` ${user.email}`), h('div', { class: 'muted' }, h('span', { class: `kind kind-${user.kind}` }, user.kind === 'seller' ? 'Seller' : 'Partner'), ` ${what}`)),
      button,
      errorBox,
    );
  }

  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'picker-title' },
    h('h2', { id: 'picker-title' }, 'Development: sign in as a provisioned user'),
    h('p', { class: 'hint' }, 'Lists seller and partner users with the operator token and issues a one-hour access token for the one you pick. Not available in production.'),
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (event) => {
          event.preventDefault();
          void busy(show, () => load(true));
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'operator-token' }, 'Operator token'), operatorField),
      h('div', { class: 'field' }, h('label', { for: 'user-kind' }, 'Show'), kindField),
      show,
    ),
    h('p', { id: 'operator-token-hint', class: 'hint' }, development ? 'Prefilled with the development operator token.' : 'The OPERATOR_TOKEN this service was started with.'),
    result,
  );
}
