export { PartnersModule, PARTNERS_ENTITIES } from './partners.module.js';
export { PartnersService, } from './partners.service.js';
export { assertValidWebhookUrl, validateWebhookUrl } from './webhook-url.js';
export { addressKind, isAllowedWebhookAddress } from './webhook-address.js';
//# sourceMappingURL=index.js.map