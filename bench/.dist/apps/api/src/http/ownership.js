import { OWNERSHIP_CHECKS } from "../../../../libs/auth/src/index.js";
import { BindingsService } from "../../../../libs/bindings/src/index.js";
import { NotificationsService } from "../../../../libs/notifications/src/index.js";
/**
 * "Does this path's resource belong to the caller?" for every id parameter the routes use,
 * so the guard answers 404 before any role or body check (SPEC §4 order). The services
 * scope their queries the same way; this only moves the answer earlier.
 */
export const ownershipChecks = {
    provide: OWNERSHIP_CHECKS,
    inject: [BindingsService, NotificationsService],
    useFactory: (bindings, notifications) => ({
        bindingId: (principal, id) => {
            if (principal.kind === 'seller')
                return bindings.belongsTo(id, { accountId: principal.accountId });
            if (principal.kind === 'partner')
                return bindings.belongsTo(id, { partnerId: principal.partnerId });
            return Promise.resolve(false);
        },
        deliveryId: (principal, id) => (principal.kind === 'partner' ? notifications.deliveryBelongsTo(id, principal.partnerId) : Promise.resolve(false)),
        notificationId: (principal, id) => (principal.kind === 'seller' ? notifications.noticeBelongsTo(id, principal.accountId) : Promise.resolve(false)),
    }),
};
//# sourceMappingURL=ownership.js.map