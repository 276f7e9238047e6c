import type { Provider } from '@nestjs/common';
import { OWNERSHIP_CHECKS, type OwnershipChecks } from '@app/auth';
import { BindingsService } from '@app/bindings';
import { NotificationsService } from '@app/notifications';

/**
 * "Does this path's resource belong to the caller?" for every id parameter the routes use,
 * so the guard answers 404 before any role or body check (docs/API.md#check-order). The services
 * scope their queries the same way; this only moves the answer earlier.
 */
export const ownershipChecks: Provider = {
  provide: OWNERSHIP_CHECKS,
  inject: [BindingsService, NotificationsService],
  useFactory: (bindings: BindingsService, notifications: NotificationsService): OwnershipChecks => ({
    bindingId: (principal, id) => {
      if (principal.kind === 'seller') return bindings.belongsTo(id, { accountId: principal.accountId });
      if (principal.kind === 'partner') return bindings.belongsTo(id, { partnerId: principal.partnerId });
      return Promise.resolve(false);
    },
    deliveryId: (principal, id) => (principal.kind === 'partner' ? notifications.deliveryBelongsTo(id, principal.partnerId) : Promise.resolve(false)),
    notificationId: (principal, id) => (principal.kind === 'seller' ? notifications.noticeBelongsTo(id, principal.accountId) : Promise.resolve(false)),
  }),
};
