// Webhook settings: where signed notices go, and rotating the signing secret (shown only once).
import { ApiError, get, post, put } from './api.js';
import { ask, busy, fill, h, notice, section, toast } from './dom.js';

export class WebhookSettings {
  #url = h('input', { id: 'webhook-url', type: 'url', name: 'url', autocomplete: 'off', inputmode: 'url', placeholder: 'https://example.com/hooks/partner-binding', 'aria-describedby': 'webhook-url-hint' });
  #save = h('button', { type: 'submit', class: 'primary' }, 'Save URL');
  #urlStatus = h('div', { 'aria-live': 'polite' });
  #rotate = h('button', { type: 'button', class: 'secondary' }, 'Rotate signing secret');
  #secretBox = h('div', { 'aria-live': 'polite' });

  constructor() {
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
    this.element = section('webhook', 'Webhook settings', [
      h('p', { class: 'lead' }, 'Where we send signed notices about requests, cancellations and expiries.'),
      form,
      h('p', { id: 'webhook-url-hint', class: 'hint' }, 'An https URL. Each notice is a POST signed with X-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">.'),
      this.#urlStatus,
      h('h3', {}, 'Signing secret'),
      h('p', { class: 'hint' }, 'Rotating makes a new secret at once; the old one stops working. The new secret is shown only once.'),
      this.#rotate,
      this.#secretBox,
    ]);
    this.#rotate.addEventListener('click', () => this.#rotateSecret());
  }

  async load() {
    try {
      const webhook = await get('/v1/partner/webhook');
      if (!this.#url.value) this.#url.value = webhook.url ?? '';
      fill(this.#urlStatus, webhook.url ? null : notice('empty', 'No webhook URL yet: notices wait in the delivery log until you set one.'));
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
      const saved = await put('/v1/partner/webhook', { url });
      this.#url.value = saved.url;
      fill(this.#urlStatus, notice('info', 'Saved. New notices go to this URL.'));
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
      body: ['A new secret is made at once and the current one stops working: your endpoint must check signatures with the new secret from now on.', 'The new secret is shown only once.'],
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
        const { secret } = await post('/v1/partner/webhook/rotate-secret', {});
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
    fill(this.#secretBox, h('div', { class: 'callout callout-warn' }, h('p', {}, h('strong', {}, 'Your new signing secret — shown only this once. Store it now.')), h('p', {}, code), h('div', { class: 'actions' }, copy, hide)));
    code.focus();
  }
}
