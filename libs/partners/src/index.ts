export { PartnersModule, PARTNERS_ENTITIES } from './partners.module.js';
export {
  PartnersService,
  type CataloguePartner,
  type PartnerView,
  type PartnerUserView,
  type PartnerUserRecord,
  type PartnerContacts,
  type NewPartner,
  type PartnerChanges,
  type NoticeEndpoint,
} from './partners.service.js';
export { assertValidWebhookUrl, validateWebhookUrl, loopbackWebhooksAllowed } from './webhook-url.js';
export { WebhookHostResolver, HostNotResolvedError, isLocalhostName } from './webhook-host-resolver.js';
export { addressKind, isAllowedWebhookAddress, type AddressKind } from './webhook-address.js';
export { ACCESS_SCOPES, isAccessScope, canonicalScopes, parseScopes, type AccessScope } from './access-scopes.js';
export { newWebhookSecret } from './webhook-secret.js';
export { PARTNER_PERMISSIONS, type PartnerPermission } from './partner-permissions.js';
