// The seller cabinet: Settings → Account Management → Useful Contacts / Helpful Contacts, and the account's webhook.
// One module per panel (seller-*.js); this one lays them out and keeps them fresh with one poll.
import { ApiError, get, query } from './api.js';
import { fill, h, roleName, sectionNav } from './dom.js';
import { livePoller } from './live.js';
import { accountPanel } from './seller-account.js';
import { UsefulContacts } from './seller-catalogue.js';
import { HelpfulContacts } from './seller-helpful.js';
import { History } from './seller-history.js';
import { Notices } from './seller-notices.js';
import { PendingRequests } from './seller-pending.js';
import { DeliveryLog } from './delivery-log.js';
import { WebhookSettings, sellerWebhook } from './webhook-settings.js';

/** Partner summaries by id (names for bindings and notices), each read once. */
class PartnerNames {
  #partners = new Map();

  remember(partner) {
    if (partner?.id) this.#partners.set(partner.id, { ...this.#partners.get(partner.id), ...partner });
  }

  async ensure(ids) {
    const missing = [...new Set(ids)].filter((id) => !this.#partners.has(id));
    await Promise.all(
      missing.map(async (id) => {
        try {
          this.remember(await get(`/v1/partners/${id}`));
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) this.#partners.set(id, { id, name: 'A partner no longer in the catalogue' });
        }
      }),
    );
  }

  nameOf(id) {
    return this.#partners.get(id)?.name ?? 'Partner';
  }
}

/** What every panel of the screen shares: who is signed in, what they may do, the account's data. */
function sellerContext(me, isStopped, refreshNow) {
  const role = roleName(me.role);
  return {
    me,
    base: `/v1/accounts/${me.account.id}`,
    canManage: me.permissions.includes('bindings:manage'),
    roleName: role,
    cannotManageReason: `Only an administrator can turn partners on or cancel them. Your role in ${me.account.name} is ${role}: you can look partners up and contact them, then ask an administrator to turn one on.`,
    partners: new PartnerNames(),
    /** Every binding seen, by id (decline reasons for notices). */
    bindingsById: new Map(),
    isStopped,
    refreshNow,
  };
}

/** Reads everything the panels show and hands each its part. */
async function refreshOnce(ctx, panels) {
  const [liveBindings, helpful, history, notices, deliveries] = await Promise.all([
    get(`${ctx.base}/bindings${query({ status: 'pending,active', limit: 100 })}`),
    get(`${ctx.base}/helpful-contacts`),
    get(`${ctx.base}/bindings${query({ limit: panels.history.limit })}`),
    get(`${ctx.base}/notifications${query({ limit: panels.notices.limit })}`),
    get(`${panels.deliveries.path}${query({ status: panels.deliveries.status, limit: panels.deliveries.limit })}`),
  ]);
  if (ctx.isStopped()) return;
  for (const b of [...liveBindings.items, ...history.items]) ctx.bindingsById.set(b.id, b);
  await ctx.partners.ensure([...liveBindings.items, ...history.items, ...notices.items].map((x) => x.partnerId));
  if (ctx.isStopped()) return;
  panels.useful.showLive(liveBindings.items);
  panels.helpful.render(helpful);
  panels.pending.render(liveBindings.items.filter((b) => b.status === 'pending'));
  // (An open history panel is re-rendered, and so reloaded, when its binding's version changes.)
  panels.history.render(history);
  panels.notices.render(notices);
  panels.deliveries.render(deliveries);
}

export function startSeller(root, me) {
  let stopped = false;
  const ctx = sellerContext(
    me,
    () => stopped,
    () => poller.refreshNow(),
  );
  const endpoint = sellerWebhook(ctx);
  const panels = {
    useful: new UsefulContacts(ctx),
    helpful: new HelpfulContacts(ctx),
    pending: new PendingRequests(ctx),
    notices: new Notices(ctx),
    history: new History(ctx),
    webhook: new WebhookSettings(endpoint, ctx.refreshNow),
    deliveries: new DeliveryLog(ctx, { deliveries: `${endpoint.base}/deliveries`, canManage: endpoint.canManage }),
  };
  const nav = sectionNav([
    ['account-management', 'Account Management'],
    ['useful-contacts', 'Useful Contacts'],
    ['helpful-contacts', 'Helpful Contacts'],
    ['pending-requests', 'Pending requests'],
    ['notifications', 'Notifications'],
    ['history', 'History'],
    ['webhook', 'Webhook'],
    ['deliveries', 'Delivery log'],
  ]);
  const liveStatus = h('div', { class: 'live-status' });
  const { useful, helpful, pending, notices, history, webhook, deliveries } = panels;
  const grid = h(
    'div',
    { class: 'seller-grid' },
    accountPanel(ctx),
    useful.element,
    helpful.element,
    pending.element,
    notices.element,
    history.element,
    webhook.element,
    deliveries.element,
  );
  fill(root, h('h1', { class: 'page-title' }, 'Settings › Account Management'), nav, liveStatus, grid);

  const poller = livePoller(
    () => refreshOnce(ctx, panels),
    liveStatus,
    () => stopped,
  );
  void useful.search(true);
  void webhook.load();
  poller.start();
  return () => {
    stopped = true;
    poller.stop();
  };
}
