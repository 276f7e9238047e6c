const iso = (date) => (date ? date.toISOString() : null);
export function toBindingView(binding) {
    return {
        id: binding.id,
        accountId: binding.accountId,
        partnerId: binding.partnerId,
        status: binding.status,
        requestedBy: binding.requestedBy,
        requestedAt: binding.requestedAt.toISOString(),
        expiresAt: binding.expiresAt.toISOString(),
        respondedBy: binding.respondedBy,
        respondedAt: iso(binding.respondedAt),
        cancelledBy: binding.cancelledBy,
        cancelledAt: iso(binding.cancelledAt),
        declineReason: binding.declineReason,
        version: binding.version,
    };
}
export function toEventView(event) {
    return {
        id: event.id,
        bindingId: event.bindingId,
        type: event.type,
        actorId: event.actorId,
        actorKind: event.actorKind,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        at: event.at.toISOString(),
        data: event.data,
    };
}
//# sourceMappingURL=binding.view.js.map