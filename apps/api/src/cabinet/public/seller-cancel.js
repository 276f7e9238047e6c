// Cancelling a binding (or withdrawing a pending request) after saying plainly what it means.
import { post } from './api.js';
import { act, ask, h } from './dom.js';

function question(binding, name, accountName) {
  if (binding.status === 'pending') {
    return {
      title: `Withdraw the request to ${name}?`,
      body: [
        `${name} will not be able to confirm it any more and will be told the request was cancelled.`,
        'To work with them later, an administrator has to turn them on again.',
      ],
      confirmLabel: 'Withdraw request',
      cancelLabel: 'Keep request',
      danger: true,
    };
  }
  return {
    title: `Cancel ${name}?`,
    body: [
      `${name} will stop supporting ${accountName}: you lose their professional support and services, and they leave your Helpful Contacts.`,
      `${name} is told the binding is cancelled. To get their support back, an administrator has to turn them on again and wait for them to confirm.`,
    ],
    confirmLabel: 'Cancel binding',
    cancelLabel: `Keep ${name}`,
    danger: true,
  };
}

/** Asks first; on yes cancels and refreshes the screen. `button` gets the focus back on no. */
export async function cancelBinding(ctx, binding, button) {
  const name = ctx.partners.nameOf(binding.partnerId);
  const { confirmed } = await ask(question(binding, name, ctx.me.account.name));
  if (!confirmed) {
    button?.focus();
    return;
  }
  await act(button ?? h('button'), {
    call: () => post(`${ctx.base}/bindings/${binding.id}/cancel`, {}),
    done: binding.status === 'pending' ? `The request to ${name} was withdrawn.` : `${name} was cancelled and no longer supports this account.`,
    failed: 'Could not cancel',
    after: ctx.refreshNow,
  });
}
