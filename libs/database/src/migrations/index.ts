import { InitialSchema1795765524502 } from './1795765524502-InitialSchema.js';
import { BindingsLiveCheck1795765810318 } from './1795765810318-BindingsLiveCheck.js';
import { OutboxRequestId1795766598277 } from './1795766598277-OutboxRequestId.js';
import { SentEmails1795766708489 } from './1795766708489-SentEmails.js';
import { PartnerNameTrigrams1795767000000 } from './1795767000000-PartnerNameTrigrams.js';
import { EncryptWebhookSecrets1795810000000 } from './1795810000000-EncryptWebhookSecrets.js';
import { UserTokenRevocation1795810000001 } from './1795810000001-UserTokenRevocation.js';
import { BindingStatusIndexes1795810000002 } from './1795810000002-BindingStatusIndexes.js';
import { BindingTimers1795830000000 } from './1795830000000-BindingTimers.js';
import { BindingTerms1795830000001 } from './1795830000001-BindingTerms.js';
import { WebhookEndpointOwners1795833000000 } from './1795833000000-WebhookEndpointOwners.js';
import { AuditExportKeys1795832000000 } from './1795832000000-AuditExportKeys.js';
import { ModuleEvents1795832000001 } from './1795832000001-ModuleEvents.js';
import { AccessScopes1795831000000 } from './1795831000000-AccessScopes.js';
import { PartnerExit1795831000001 } from './1795831000001-PartnerExit.js';
import { AccountLivePartnerLimit1795831000002 } from './1795831000002-AccountLivePartnerLimit.js';
import { PartnerNameBigrams1795834000000 } from './1795834000000-PartnerNameBigrams.js';
import { PartnerNameTrigramCounts1795834000001 } from './1795834000001-PartnerNameTrigramCounts.js';

/** Every migration, oldest first. Listed by hand so the build and the tests load the same classes. */
export const MIGRATIONS = [
  InitialSchema1795765524502,
  BindingsLiveCheck1795765810318,
  OutboxRequestId1795766598277,
  SentEmails1795766708489,
  PartnerNameTrigrams1795767000000,
  EncryptWebhookSecrets1795810000000,
  UserTokenRevocation1795810000001,
  BindingStatusIndexes1795810000002,
  BindingTimers1795830000000,
  BindingTerms1795830000001,
  WebhookEndpointOwners1795833000000,
  AuditExportKeys1795832000000,
  ModuleEvents1795832000001,
  AccessScopes1795831000000,
  PartnerExit1795831000001,
  AccountLivePartnerLimit1795831000002,
  PartnerNameBigrams1795834000000,
  PartnerNameTrigramCounts1795834000001,
];
