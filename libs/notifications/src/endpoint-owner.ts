/**
 * Who a webhook endpoint belongs to: a partner (its notice endpoint) or a seller account (its back
 * end's webhook). Deliveries, their log, the in-flight gate, redelivery and signing are keyed by the
 * owner, so both kinds share one machinery.
 */
export const ENDPOINT_OWNER_KINDS = ['partner', 'account'] as const;
export type EndpointOwnerKind = (typeof ENDPOINT_OWNER_KINDS)[number];

export interface EndpointOwner {
  kind: EndpointOwnerKind;
  id: string;
}

export const partnerOwner = (id: string): EndpointOwner => ({ kind: 'partner', id });
export const accountOwner = (id: string): EndpointOwner => ({ kind: 'account', id });
