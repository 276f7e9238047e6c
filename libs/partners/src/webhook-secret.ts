import { randomBytes } from 'node:crypto';

/** A new webhook signing secret (partners' and seller accounts' alike): 256 random bits. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
