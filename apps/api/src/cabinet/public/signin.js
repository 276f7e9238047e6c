// Sign-in: paste an access token; outside production also a picker of provisioned users
// (signin-picker.js).
import { ApiError, get, session } from './api.js';
import { fill, h, busy, notice } from './dom.js';
import { userPicker } from './signin-picker.js';

export function startSignIn(root, { message, onSignedIn }) {
  let stopped = false;
  const tokenField = h('textarea', {
    id: 'access-token',
    name: 'accessToken',
    rows: 3,
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'access-token-hint',
  });
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
    h(
      'p',
      { id: 'access-token-hint', class: 'hint' },
      'Paste the access token your marketplace back office issued. It is kept in this browser tab only and sent only in the Authorization header.',
    ),
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
      if (!stopped && config?.picker) root.querySelector('#picker-slot')?.replaceWith(userPicker(config.development, signInWith));
    })
    .catch(() => undefined);

  return () => {
    stopped = true;
  };
}
