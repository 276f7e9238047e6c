// The partner's side: inbox (confirm / decline), clients, webhook settings and delivery log.
// One module per panel (partner-*.js); this one lays them out and keeps them fresh with one poll.
import { get, query } from './api.js';
import { fill, h, sectionNav } from './dom.js';
import { livePoller } from './live.js';
import { Clients } from './partner-clients.js';
import { DeliveryLog } from './delivery-log.js';
import { Inbox } from './partner-inbox.js';
import { PARTNER_WEBHOOK, WebhookSettings } from './webhook-settings.js';

async function refreshOnce(isStopped, panels) {
  const [inbox, clients, deliveries] = await Promise.all([
    get(`/v1/partner/requests${query({ status: 'pending', limit: 100 })}`),
    get(`/v1/partner/requests${query({ status: 'active,terminated', limit: panels.clients.limit })}`),
    get(`/v1/partner/deliveries${query({ status: panels.deliveries.status, limit: panels.deliveries.limit })}`),
  ]);
  if (isStopped()) return;
  panels.inbox.render(inbox);
  panels.clients.render(clients);
  panels.deliveries.render(deliveries);
}

export function startPartner(root, me) {
  let stopped = false;
  const isStopped = () => stopped;
  const ctx = { me, refreshNow: () => poller.refreshNow() };
  const panels = {
    inbox: new Inbox(ctx),
    clients: new Clients(ctx),
    webhook: new WebhookSettings(PARTNER_WEBHOOK, () => poller.refreshNow()),
    deliveries: new DeliveryLog(ctx),
  };
  const nav = sectionNav([
    ['inbox', 'Inbox'],
    ['clients', 'Clients'],
    ['webhook', 'Webhook'],
    ['deliveries', 'Delivery log'],
  ]);
  const liveStatus = h('div', { class: 'live-status' });
  const { inbox, clients, webhook, deliveries } = panels;
  fill(
    root,
    h('h1', { class: 'page-title' }, `Partner inbox — ${me.partner.name}`),
    nav,
    liveStatus,
    h('div', { class: 'seller-grid' }, inbox.element, clients.element, webhook.element, deliveries.element),
  );

  const poller = livePoller(() => refreshOnce(isStopped, panels), liveStatus, isStopped);
  void webhook.load();
  poller.start();
  return () => {
    stopped = true;
    poller.stop();
  };
}
