import type { Provider } from '@nestjs/common';
import { OWNERSHIP_CHECKS, type OwnershipChecks } from '@app/auth';
import { BindingsService } from '@app/bindings';
import { NotificationsService, WebhookDeliveries, accountOwner, partnerOwner } from '@app/notifications';

/**
 * "Does this path's resource belong to the caller?" for every id parameter the routes use,
 * so the guard answers 404 before any role or body check (docs/API.md#check-order). The services
 * scope their queries the same way; this only moves the answer earlier.
 */
export const ownershipChecks: Provider = {
  provide: OWNERSHIP_CHECKS,
  inject: [BindingsService, NotificationsService, WebhookDeliveries],
  useFactory: (bindings: BindingsService, notifications: NotificationsService, deliveries: WebhookDeliveries): OwnershipChecks => ({
    bindingId: (principal, id) => {
      if (principal.kind === 'seller') return bindings.belongsTo(id, { accountId: principal.accountId });
      if (principal.kind === 'partner') return bindings.belongsTo(id, { partnerId: principal.partnerId });
      return Promise.resolve(false);
    },
    // A delivery of the caller's endpoint: the partner's, or the seller account's own webhook.
    deliveryId: (principal, id) => {
      if (principal.kind === 'partner') return deliveries.belongsTo(partnerOwner(principal.partnerId), id);
      if (principal.kind === 'seller') return deliveries.belongsTo(accountOwner(principal.accountId), id);
      return Promise.resolve(false);
    },
    notificationId: (principal, id) => (principal.kind === 'seller' ? notifications.noticeBelongsTo(id, principal.accountId) : Promise.resolve(false)),
  }),
};
