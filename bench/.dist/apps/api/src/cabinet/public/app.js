// Entry point: who is signed in decides the screen (sign-in, seller cabinet or partner inbox).
import { ApiError, get, session, whenUnauthenticated } from './api.js';
import { fill, h, notice } from './dom.js';
import { startPartner } from './partner.js';
import { startSeller } from './seller.js';
import { startSignIn } from './signin.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
let stopScreen = () => {};
let routing = false;

function signOut(message) {
  session.token = null;
  void route(message);
}

async function route(message) {
  if (routing) return;
  routing = true;
  try {
    stopScreen();
    stopScreen = () => {};
    fill(who);
    if (!session.token) {
      stopScreen = startSignIn(main, { message, onSignedIn: () => void route() });
      return;
    }
    fill(main, notice('loading', 'Loading your account…'));
    let me;
    try {
      me = await get('/v1/me', { quiet401: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        session.token = null;
        routing = false;
        return route(`You are signed out: ${error.message}`);
      }
      fill(
        main,
        notice('error', `Your account could not be loaded: ${error.message}`),
        h('button', { type: 'button', class: 'secondary', onclick: () => void route() }, 'Try again'),
      );
      return;
    }
    const place = me.kind === 'seller' ? me.account?.name : me.partner?.name;
    fill(
      who,
      h('span', { class: 'who-name' }, me.user.name, place ? h('span', { class: 'muted' }, ` · ${place}`) : null),
      h('button', { type: 'button', class: 'link', onclick: () => signOut('You signed out.') }, 'Sign out'),
    );
    stopScreen = me.kind === 'seller' ? startSeller(main, me) : startPartner(main, me);
    main.focus({ preventScroll: true });
  } finally {
    routing = false;
  }
}

// Any 401 (expired token, deactivated user) sends the person back to sign-in, saying why.
whenUnauthenticated((error) => {
  if (session.token) signOut(`You are signed out: ${error.message}`);
});

void route();
