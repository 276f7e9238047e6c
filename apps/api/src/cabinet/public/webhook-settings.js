// Webhook settings: where signed notices go, a test ping, and rotating the signing secret (shown only
// once). One panel for every endpoint owner: the partner's endpoint and a seller account's own webhook.
import { ApiError, get, post, put } from './api.js';
import { act, ask, busy, fill, h, notice, section, toast } from './dom.js';

/** The partner's endpoint. */
export const PARTNER_WEBHOOK = {
  base: '/v1/partner/webhook',
  lead: 'Where we send signed notices about requests, cancellations and expiries.',
  noUrl: 'No webhook URL yet: notices wait in the delivery log until you set one.',
  canManage: true,
};

/** A seller account's own webhook (for its back end); only administrators change it. */
export const sellerWebhook = (ctx) => ({
  base: `${ctx.base}/webhook`,
  lead: 'Your back end can get every notice of this account as a signed webhook.',
  noUrl: 'No webhook URL yet: nothing is sent until an administrator sets one.',
  canManage: ctx.me.permissions.includes('webhook:manage'),
  cannotManage: `Only an administrator can change the webhook. Your role is ${ctx.roleName}.`,
});

export class WebhookSettings {
  #endpoint;
  #url = h('input', {
    id: 'webhook-url',
    type: 'url',
    name: 'url',
    autocomplete: 'off',
    inputmode: 'url',
    placeholder: 'https://example.com/hooks/partner-binding',
    'aria-describedby': 'webhook-url-hint',
  });
  #save = h('button', { type: 'submit', class: 'primary' }, 'Save URL');
  #urlStatus = h('div', { 'aria-live': 'polite' });
  #rotate = h('button', { type: 'button', class: 'secondary' }, 'Rotate signing secret');
  #secretBox = h('div', { 'aria-live': 'polite' });
  #ping = h('button', { type: 'button', class: 'secondary' }, 'Send a test ping');
  #current = h('code', { id: 'webhook-current' }, '—');

  constructor(endpoint = PARTNER_WEBHOOK, refreshNow = () => undefined) {
    this.#endpoint = endpoint;
    const form = h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (event) => {
          event.preventDefault();
          void busy(this.#save, () => this.#saveUrl());
        },
      },
      h('div', { class: 'field grow' }, h('label', { for: 'webhook-url' }, 'Webhook URL'), this.#url),
      this.#save,
    );
    const manage = endpoint.canManage
      ? [
          form,
          h(
            'p',
            { id: 'webhook-url-hint', class: 'hint' },
            'An https URL. Each notice is a POST signed with X-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">.',
          ),
          this.#urlStatus,
          h('p', { class: 'hint' }, 'A ping is a signed event of type "ping", sent and logged like every notice.'),
          this.#ping,
          h('h3', {}, 'Signing secret'),
          h('p', { class: 'hint' }, 'Rotating makes a new secret at once; the old one stops working. The new secret is shown only once.'),
          this.#rotate,
          this.#secretBox,
        ]
      : [h('p', {}, 'Webhook URL: ', this.#current), this.#urlStatus, h('p', { class: 'hint' }, endpoint.cannotManage)];
    this.element = section('webhook', 'Webhook settings', [h('p', { class: 'lead' }, endpoint.lead), ...manage]);
    this.#rotate.addEventListener('click', () => this.#rotateSecret());
    this.#ping.addEventListener('click', () =>
      act(this.#ping, {
        call: () => post(`${endpoint.base}/ping`, {}),
        done: 'Ping queued: see the delivery log.',
        failed: 'Could not ping',
        after: refreshNow,
      }),
    );
  }

  async load() {
    try {
      const webhook = await get(this.#endpoint.base);
      if (!this.#url.value) this.#url.value = webhook.url ?? '';
      this.#current.textContent = webhook.url ?? 'none';
      fill(this.#urlStatus, webhook.url ? null : notice('empty', this.#endpoint.noUrl));
    } catch (error) {
      fill(this.#urlStatus, notice('error', `The webhook settings could not be loaded: ${error.message}`));
    }
  }

  async #saveUrl() {
    const url = this.#url.value.trim();
    if (!url) {
      fill(this.#urlStatus, notice('error', 'Enter the URL of your endpoint.'));
      this.#url.focus();
      return;
    }
    try {
      const saved = await put(this.#endpoint.base, { url });
      this.#url.value = saved.url;
      fill(this.#urlStatus, notice('info', 'Saved. New notices go to this URL.'));
      // A seller's first URL comes with its signing secret, shown this once.
      if (saved.secret) this.#showOnce(saved.secret);
    } catch (error) {
      const fieldProblem = error instanceof ApiError ? error.problem?.errors?.[0]?.message : null;
      fill(this.#urlStatus, notice('error', `Not saved: ${error.message}${fieldProblem ? ` (${fieldProblem})` : ''}`));
      this.#url.setAttribute('aria-invalid', 'true');
      this.#url.focus();
      return;
    }
    this.#url.removeAttribute('aria-invalid');
  }

  async #rotateSecret() {
    const { confirmed } = await ask({
      title: 'Rotate the signing secret?',
      body: [
        'A new secret is made at once and the current one stops working: your endpoint must check signatures with the new secret from now on.',
        'The new secret is shown only once.',
      ],
      confirmLabel: 'Rotate secret',
      cancelLabel: 'Keep current secret',
      danger: true,
    });
    if (!confirmed) {
      this.#rotate.focus();
      return;
    }
    await busy(this.#rotate, async () => {
      try {
        const { secret } = await post(`${this.#endpoint.base}/rotate-secret`, {});
        this.#showOnce(secret);
      } catch (error) {
        fill(this.#secretBox, notice('error', `The secret was not rotated: ${error.message}`));
      }
    });
  }

  /** The new secret, until the person says it is stored. */
  #showOnce(secret) {
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
      fill(this.#secretBox);
      this.#rotate.focus();
    });
    fill(
      this.#secretBox,
      h(
        'div',
        { class: 'callout callout-warn' },
        h('p', {}, h('strong', {}, 'Your new signing secret — shown only this once. Store it now.')),
        h('p', {}, code),
        h('div', { class: 'actions' }, copy, hide),
      ),
    );
    code.focus();
  }
}
