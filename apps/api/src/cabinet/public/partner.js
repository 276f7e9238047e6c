// The partner's side: inbox (confirm / decline), clients, webhook settings and delivery log.
import { ApiError, get, post, put, query } from './api.js';
import { ask, badge, busy, fill, h, notice, relative, section, sectionNav, toast, when } from './dom.js';
import { livePoller } from './live.js';

export function startPartner(root, me) {
  let stopped = false;

  const nav = sectionNav([['inbox', 'Inbox'], ['clients', 'Clients'], ['webhook', 'Webhook'], ['deliveries', 'Delivery log']]);
  const liveStatus = h('div', { class: 'live-status' });

  const inboxBody = h('div', {}, notice('loading', 'Loading requests…'));
  const clientsBody = h('div', {}, notice('loading', 'Loading clients…'));
  const moreClients = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more clients');

  // Webhook settings
  const urlField = h('input', { id: 'webhook-url', type: 'url', name: 'url', autocomplete: 'off', inputmode: 'url', placeholder: 'https://example.com/hooks/partner-binding', 'aria-describedby': 'webhook-url-hint' });
  const saveUrl = h('button', { type: 'submit', class: 'primary' }, 'Save URL');
  const urlStatus = h('div', { 'aria-live': 'polite' });
  const rotate = h('button', { type: 'button', class: 'secondary' }, 'Rotate signing secret');
  const secretBox = h('div', { 'aria-live': 'polite' });

  const deliveryFilter = h(
    'select',
    { id: 'delivery-status', name: 'status' },
    h('option', { value: '' }, 'All'),
    h('option', { value: 'pending' }, 'Pending'),
    h('option', { value: 'delivered' }, 'Delivered'),
    h('option', { value: 'failed' }, 'Failed'),
  );
  const deliveriesBody = h('div', {}, notice('loading', 'Loading the delivery log…'));
  const moreDeliveries = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older deliveries');

  fill(
    root,
    h('h1', { class: 'page-title' }, `Partner inbox — ${me.partner.name}`),
    nav,
    liveStatus,
    h(
      'div',
      { class: 'seller-grid' },
      section('inbox', 'Inbox', [h('p', { class: 'lead' }, 'Sellers who want your support. Confirm to start working with them, or decline with a reason they will see.'), inboxBody]),
      section('clients', 'Clients', [h('p', { class: 'lead' }, 'Seller accounts you support (active bindings).'), clientsBody, moreClients]),
      section('webhook', 'Webhook settings', [
        h('p', { class: 'lead' }, 'Where we send signed notices about requests, cancellations and expiries.'),
        h(
          'form',
          {
            class: 'inline-form',
            onsubmit: (event) => {
              event.preventDefault();
              void busy(saveUrl, saveWebhookUrl);
            },
          },
          h('div', { class: 'field grow' }, h('label', { for: 'webhook-url' }, 'Webhook URL'), urlField),
          saveUrl,
        ),
        h('p', { id: 'webhook-url-hint', class: 'hint' }, 'An https URL. Each notice is a POST signed with X-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">.'),
        urlStatus,
        h('h3', {}, 'Signing secret'),
        h('p', { class: 'hint' }, 'Rotating makes a new secret at once; the old one stops working. The new secret is shown only once.'),
        rotate,
        secretBox,
      ]),
      section('deliveries', 'Delivery log', [
        h('div', { class: 'field inline' }, h('label', { for: 'delivery-status' }, 'Show deliveries'), deliveryFilter),
        deliveriesBody,
        moreDeliveries,
      ]),
    ),
  );

  // ---- inbox -----------------------------------------------------------------------------

  let shownInbox = null;
  function renderInbox(page) {
    const key = JSON.stringify(page.items.map((b) => [b.id, b.version]));
    if (key === shownInbox) return;
    shownInbox = key;
    if (page.items.length === 0) {
      fill(inboxBody, notice('empty', 'No requests are waiting. New requests from sellers appear here by themselves.'));
      return;
    }
    fill(
      inboxBody,
      h(
        'ul',
        { class: 'rows', 'aria-label': 'Requests waiting for your answer' },
        page.items.map((binding) => {
          const name = binding.account?.name || 'A seller';
          const confirm = h('button', { type: 'button', class: 'primary', 'aria-label': `Confirm the request from ${name}` }, 'Confirm');
          const decline = h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Decline the request from ${name}` }, 'Decline');
          confirm.addEventListener('click', () =>
            busy(confirm, async () => {
              try {
                await post(`/v1/partner/requests/${binding.id}/confirm`, {});
                toast(`You now support ${name}.`);
              } catch (error) {
                toast(`Could not confirm: ${error.message}`, 'error');
              }
              await refreshNow();
            }),
          );
          decline.addEventListener('click', async () => {
            const { confirmed, value } = await ask({
              title: `Decline the request from ${name}?`,
              body: [`${name} is told you declined, with your reason if you give one. They can ask again later.`],
              input: { label: 'Reason (optional, the seller sees it)', maxLength: 500, hint: 'Up to 500 characters.' },
              confirmLabel: 'Decline request',
              cancelLabel: 'Back',
              danger: true,
            });
            if (!confirmed) {
              decline.focus();
              return;
            }
            await busy(decline, async () => {
              try {
                await post(`/v1/partner/requests/${binding.id}/decline`, value ? { reason: value } : {});
                toast(`You declined the request from ${name}.`);
              } catch (error) {
                toast(`Could not decline: ${error.message}`, 'error');
              }
              await refreshNow();
            });
          });
          return h(
            'li',
            { class: 'row', 'data-binding-id': binding.id },
            h('div', {}, h('strong', {}, name), ' ', badge('pending'), h('p', { class: 'muted' }, 'Received ', when(binding.requestedAt), ' · answer by ', when(binding.expiresAt), ` (${relative(binding.expiresAt)})`)),
            h('div', { class: 'row-actions' }, confirm, decline),
          );
        }),
      ),
    );
  }

  // ---- clients ---------------------------------------------------------------------------

  let clientsLimit = 20;
  let shownClients = null;
  function renderClients(page) {
    moreClients.hidden = page.nextCursor === null;
    const key = JSON.stringify(page.items.map((b) => [b.id, b.version]));
    if (key === shownClients) return;
    shownClients = key;
    if (page.items.length === 0) {
      fill(clientsBody, notice('empty', 'No clients yet. Sellers become clients when you confirm their request.'));
      return;
    }
    fill(
      clientsBody,
      h(
        'ul',
        { class: 'rows', 'aria-label': 'Clients' },
        page.items.map((binding) => h('li', { class: 'row', 'data-binding-id': binding.id }, h('div', {}, h('strong', {}, binding.account?.name || 'A seller'), ' ', badge('active'), h('p', { class: 'muted' }, 'Client since ', when(binding.respondedAt))))),
      ),
    );
  }
  moreClients.addEventListener('click', () => {
    clientsLimit = Math.min(100, clientsLimit + 20);
    void busy(moreClients, refreshNow);
  });

  // ---- webhook ---------------------------------------------------------------------------

  async function loadWebhook() {
    try {
      const webhook = await get('/v1/partner/webhook');
      if (!urlField.value) urlField.value = webhook.url ?? '';
      fill(urlStatus, webhook.url ? null : notice('empty', 'No webhook URL yet: notices wait in the delivery log until you set one.'));
    } catch (error) {
      fill(urlStatus, notice('error', `The webhook settings could not be loaded: ${error.message}`));
    }
  }

  async function saveWebhookUrl() {
    const url = urlField.value.trim();
    if (!url) {
      fill(urlStatus, notice('error', 'Enter the URL of your endpoint.'));
      urlField.focus();
      return;
    }
    try {
      const saved = await put('/v1/partner/webhook', { url });
      urlField.value = saved.url;
      fill(urlStatus, notice('info', 'Saved. New notices go to this URL.'));
    } catch (error) {
      const fieldProblem = error instanceof ApiError ? error.problem?.errors?.[0]?.message : null;
      fill(urlStatus, notice('error', `Not saved: ${error.message}${fieldProblem ? ` (${fieldProblem})` : ''}`));
      urlField.setAttribute('aria-invalid', 'true');
      urlField.focus();
      return;
    }
    urlField.removeAttribute('aria-invalid');
  }

  rotate.addEventListener('click', async () => {
    const { confirmed } = await ask({
      title: 'Rotate the signing secret?',
      body: ['A new secret is made at once and the current one stops working: your endpoint must check signatures with the new secret from now on.', 'The new secret is shown only once.'],
      confirmLabel: 'Rotate secret',
      cancelLabel: 'Keep current secret',
      danger: true,
    });
    if (!confirmed) {
      rotate.focus();
      return;
    }
    await busy(rotate, async () => {
      try {
        const { secret } = await post('/v1/partner/webhook/rotate-secret', {});
        const code = h('code', { class: 'secret', id: 'new-secret', tabindex: '0' }, secret);
        const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
        copy.addEventListener('click', async () => {
          try {
            await navigator.clipboard.writeText(secret);
            toast('Secret copied.');
          } catch {
            toast('Copying is not allowed here; select the text instead.', 'error');
          }
        });
        const hide = h('button', { type: 'button', class: 'link' }, 'I have stored it — hide');
        hide.addEventListener('click', () => {
          fill(secretBox);
          rotate.focus();
        });
        fill(secretBox, h('div', { class: 'callout callout-warn' }, h('p', {}, h('strong', {}, 'Your new signing secret — shown only this once. Store it now.')), h('p', {}, code), h('div', { class: 'actions' }, copy, hide)));
        code.focus();
      } catch (error) {
        fill(secretBox, notice('error', `The secret was not rotated: ${error.message}`));
      }
    });
  });

  // ---- deliveries ------------------------------------------------------------------------

  let deliveriesLimit = 20;
  let shownDeliveries = null;
  const TYPE_TEXT = { 'binding.requested': 'New request', 'binding.cancelled': 'Cancelled by the seller', 'binding.expired': 'Request expired' };

  function renderDeliveries(page) {
    moreDeliveries.hidden = page.nextCursor === null;
    const key = JSON.stringify(page.items);
    if (key === shownDeliveries) return;
    shownDeliveries = key;
    if (page.items.length === 0) {
      fill(deliveriesBody, notice('empty', deliveryFilter.value ? `No ${deliveryFilter.value} deliveries.` : 'Nothing was sent to you yet.'));
      return;
    }
    fill(
      deliveriesBody,
      h(
        'ul',
        { class: 'rows deliveries', 'aria-label': 'Webhook deliveries' },
        page.items.map((d) => {
          const redeliver = h('button', { type: 'button', class: 'secondary', 'aria-label': `Redeliver ${TYPE_TEXT[d.type] ?? d.type} (event ${d.eventId})` }, 'Redeliver');
          redeliver.addEventListener('click', () =>
            busy(redeliver, async () => {
              try {
                await post(`/v1/partner/deliveries/${d.id}/redeliver`, {});
                toast('Queued for redelivery with the same event id.');
              } catch (error) {
                toast(`Could not redeliver: ${error.message}`, 'error');
              }
              await refreshNow();
            }),
          );
          const answer = d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : d.lastError ? d.lastError : 'no answer yet';
          return h(
            'li',
            { class: 'row', 'data-delivery-id': d.id, 'data-status': d.status },
            h(
              'div',
              {},
              h('strong', {}, TYPE_TEXT[d.type] ?? d.type),
              ' ',
              badge(d.status),
              h('p', { class: 'muted' }, `Event ${d.eventId} · ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} · last answer: ${answer}`),
              h('p', { class: 'muted' }, d.deliveredAt ? ['Delivered ', when(d.deliveredAt)] : d.nextAttemptAt ? ['Next attempt ', when(d.nextAttemptAt)] : d.status === 'failed' ? 'Gave up; redeliver when your endpoint is fixed.' : null),
            ),
            redeliver,
          );
        }),
      ),
    );
  }
  deliveryFilter.addEventListener('change', () => {
    shownDeliveries = null;
    fill(deliveriesBody, notice('loading', 'Loading the delivery log…'));
    void refreshNow();
  });
  moreDeliveries.addEventListener('click', () => {
    deliveriesLimit = Math.min(100, deliveriesLimit + 20);
    void busy(moreDeliveries, refreshNow);
  });

  // ---- the poll --------------------------------------------------------------------------

  async function refreshOnce() {
    const [inbox, clients, deliveries] = await Promise.all([
      get(`/v1/partner/requests${query({ status: 'pending', limit: 100 })}`),
      get(`/v1/partner/requests${query({ status: 'active', limit: clientsLimit })}`),
      get(`/v1/partner/deliveries${query({ status: deliveryFilter.value, limit: deliveriesLimit })}`),
    ]);
    if (stopped) return;
    renderInbox(inbox);
    renderClients(clients);
    renderDeliveries(deliveries);
  }
  const poller = livePoller(refreshOnce, liveStatus, () => stopped);
  const { refresh, refreshNow } = poller;

  void loadWebhook();
  poller.start();
  return () => {
    stopped = true;
    poller.stop();
  };
}
