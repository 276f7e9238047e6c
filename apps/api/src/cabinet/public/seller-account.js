// Account Management: who you are, your role and what it allows — the first thing a seller checks.
import { h, section } from './dom.js';

const PERMISSIONS = [
  ['catalogue:read', 'Search the catalogue of certified partners and see their contacts'],
  ['bindings:read', 'See this account’s requests, Helpful Contacts and each binding’s history'],
  ['notifications:read', 'Read this account’s notifications'],
  ['bindings:manage', 'Turn partners on (“Turn On”) and cancel them'],
  ['webhook:manage', 'Set the account’s webhook, ping it and redeliver its notices'],
];

function permissionList(me) {
  return h(
    'ul',
    { class: 'permissions', 'aria-label': 'What your role allows' },
    PERMISSIONS.map(([key, text]) => {
      const allowed = me.permissions.includes(key);
      return h(
        'li',
        { class: allowed ? 'allowed' : 'denied' },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, allowed ? '✓' : '✕'),
        h('span', { class: 'sr-only' }, allowed ? 'Allowed: ' : 'Not allowed: '),
        text,
      );
    }),
  );
}

export function accountPanel({ me, canManage, roleName, cannotManageReason }) {
  return section('account-management', 'Account Management', [
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
      h('div', {}, h('h3', {}, 'What your role allows'), permissionList(me)),
    ),
    canManage
      ? h('p', { class: 'callout callout-ok' }, 'You are an administrator: you can turn partners on in Useful Contacts and cancel them in Helpful Contacts.')
      : h('p', { class: 'callout callout-warn', id: 'cannot-manage' }, cannotManageReason),
  ]);
}
