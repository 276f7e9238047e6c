import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath, type ApiPropertyOptions } from '@nestjs/swagger';
import { SELLER_PERMISSIONS, SELLER_ROLES, type AccountView, type SellerRole, type SellerUserView } from '@app/accounts';
import { USER_KINDS, type UserKind } from '@app/auth';
import {
  ACTOR_KINDS,
  BINDING_STATUSES,
  LIVE_STATUSES,
  type AccessAnswer,
  type ActorKind,
  type BindingEventView,
  type BindingStatus,
  type BindingView,
} from '@app/bindings';
import {
  DELIVERY_STATUSES,
  NOTICE_TYPES,
  PING_EVENT_TYPE,
  type DeliveryStatus,
  type DeliveryView,
  type NoticeType,
  type SellerNoticeView,
} from '@app/notifications';
import {
  ACCESS_SCOPES,
  PARTNER_PERMISSIONS,
  type AccessScope,
  type CataloguePartner,
  type PartnerContacts,
  type PartnerUserView,
  type PartnerView,
} from '@app/partners';

/*
 * Response shapes for the OpenAPI document (docs/API.md#resources, #endpoints). The services return plain objects; these classes
 * only describe them, and `implements` makes the compiler check they name the same fields.
 * Enums come from the constants the service itself uses. `@ApiSchema` gives the schema the
 * name clients see (components/schemas/<name>).
 */

const ID = '01a21bf8-0ebf-73b7-a6c7-2502a0026217';
const TIME = '2026-11-27T07:46:11.263Z';
const NULLABLE_ID = { type: String, format: 'uuid', nullable: true } as const;
const NULLABLE_TIME = { type: String, format: 'date-time', nullable: true } as const;
/** A list of scopes from the fixed vocabulary (the same constant validation uses), in vocabulary order. */
const scopesDoc = (description: string): ApiPropertyOptions =>
  ({
    enum: [...ACCESS_SCOPES],
    enumName: 'AccessScope',
    isArray: true,
    uniqueItems: true,
    example: ['products.read', 'orders.read'],
    description,
  }) as ApiPropertyOptions;

@ApiSchema({ name: 'Account' })
export class AccountDoc implements AccountView {
  @ApiProperty({ format: 'uuid', example: ID }) id: string;
  @ApiProperty({ example: 'Acme Electronics LLC' }) name: string;
  @ApiProperty({ format: 'date-time', example: TIME }) createdAt: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    example: null,
    description: 'This account’s cap on live partners (0: no limit); null: MAX_LIVE_PARTNERS_PER_ACCOUNT applies',
  })
  maxLivePartners: number | null;
  @ApiProperty({ example: true, description: 'false once the operator closed the account' }) active: boolean;
}

@ApiSchema({ name: 'SellerUser' })
export class SellerUserDoc implements SellerUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email', example: 'anna@acme.example' }) email: string;
  @ApiProperty({ example: 'Anna Admin' }) name: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: SELLER_ROLES, enumName: 'SellerRole' }) role: SellerRole;
  @ApiProperty({ description: 'A deactivated user’s tokens are refused' }) active: boolean;
  @ApiProperty({ type: String, nullable: true, maxLength: 255, description: "The `sub` of the user's tokens from the marketplace's identity provider." })
  externalSubject: string | null;
}

@ApiSchema({ name: 'Contacts' })
export class ContactsDoc implements PartnerContacts {
  @ApiProperty({ format: 'email', example: 'hello@integrator.example' }) email: string;
  @ApiProperty({ type: String, nullable: true, example: '+7 495 000-00-00' }) phone: string | null;
  @ApiProperty({ type: String, format: 'uri', nullable: true, example: 'https://integrator.example' }) website: string | null;
}

@ApiSchema({ name: 'Partner', description: 'A partner as the back office sees it' })
export class PartnerDoc implements PartnerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Integrator Pro' }) name: string;
  @ApiProperty({ example: 'Marketplace integrations and support.' }) description: string;
  @ApiProperty({ description: 'Only certified partners are in the catalogue and can be newly bound' }) certified: boolean;
  @ApiProperty({ type: ContactsDoc }) contacts: ContactsDoc;
  @ApiProperty({ type: [String], example: ['API integration'] }) services: string[];
  @ApiProperty(scopesDoc('The scopes this partner offers; a binding grants a subset of them')) scopes: AccessScope[];
  @ApiProperty({ type: String, nullable: true, example: 'https://integrator.example/hooks/pbs', description: 'Where notices are sent (null: none yet)' })
  webhookUrl: string | null;
  @ApiProperty({ format: 'date-time', example: TIME }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: TIME }) updatedAt: string;
}

@ApiSchema({ name: 'CreatedPartner' })
export class CreatedPartnerDoc extends PartnerDoc {
  @ApiProperty({ description: 'HMAC key for webhook signatures. Shown this once.', example: 'whsec_3q2+7w…' }) webhookSecret: string;
}

@ApiSchema({ name: 'PartnerUser' })
export class PartnerUserDoc implements PartnerUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email', example: 'ivan@integrator.example' }) email: string;
  @ApiProperty({ example: 'Ivan Partner' }) name: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true, maxLength: 255, description: "The `sub` of the user's tokens from the marketplace's identity provider." })
  externalSubject: string | null;
}

@ApiSchema({ name: 'NamedRef', description: 'An account or a partner, by id and name' })
export class NamedRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Acme Electronics LLC' }) name: string;
}

@ApiSchema({ name: 'OperatorSellerUser' })
export class OperatorSellerUserDoc extends SellerUserDoc {
  @ApiProperty({ enum: ['seller'] }) kind: 'seller';
  @ApiProperty({ type: NamedRefDoc }) account: NamedRefDoc;
}

@ApiSchema({ name: 'OperatorPartnerUser' })
export class OperatorPartnerUserDoc extends PartnerUserDoc {
  @ApiProperty({ enum: ['partner'] }) kind: 'partner';
  @ApiProperty({ type: NamedRefDoc }) partner: NamedRefDoc;
}

@ApiSchema({ name: 'OperatorUserPage' })
@ApiExtraModels(OperatorSellerUserDoc, OperatorPartnerUserDoc)
export class OperatorUserPageDoc {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(OperatorSellerUserDoc) }, { $ref: getSchemaPath(OperatorPartnerUserDoc) }] },
    description: 'Seller users first, then partner users, each by e-mail',
  })
  items: (OperatorSellerUserDoc | OperatorPartnerUserDoc)[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}

@ApiSchema({ name: 'AccessDecision', description: 'Whether a partner may act on a seller account with a scope, now' })
export class AccessDecisionDoc implements AccessAnswer {
  @ApiProperty({ description: 'True only for an active binding, not past its end, that holds the scope' }) allowed: boolean;
  @ApiProperty({ ...NULLABLE_ID, description: 'The live (pending or active) binding of the pair, or null when there is none' }) bindingId: string | null;
  @ApiProperty(scopesDoc('What that binding grants (empty without one)')) scopes: AccessScope[];
  @ApiProperty({ ...NULLABLE_TIME, description: 'When the binding ends (null: open-ended, or no binding)' }) endsAt: string | null;
}

@ApiSchema({ name: 'AccessToken' })
export class TokenDoc {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…', description: 'Send as `Authorization: Bearer <accessToken>`' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ type: 'integer', example: 3600, description: 'Seconds until it expires' }) expiresIn: number;
}

@ApiSchema({ name: 'MeUser' })
class MeUserDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email', example: 'anna@acme.example' }) email: string;
  @ApiProperty({ example: 'Anna Admin' }) name: string;
}

@ApiSchema({ name: 'Me' })
export class MeDoc {
  @ApiProperty({ type: MeUserDoc }) user: MeUserDoc;
  @ApiProperty({ enum: USER_KINDS, enumName: 'UserKind' }) kind: UserKind;
  @ApiPropertyOptional({ type: NamedRefDoc, description: 'Seller users only' }) account?: NamedRefDoc;
  @ApiPropertyOptional({ type: NamedRefDoc, description: 'Partner users only' }) partner?: NamedRefDoc;
  @ApiPropertyOptional({ enum: SELLER_ROLES, enumName: 'SellerRole', description: 'Seller users only' }) role?: SellerRole;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...new Set([...SELLER_PERMISSIONS, ...PARTNER_PERMISSIONS])] },
    example: ['catalogue:read', 'bindings:read', 'bindings:manage', 'notifications:read'],
    description: 'Contains bindings:manage exactly when the user may bind and cancel.',
  })
  permissions: string[];
}

@ApiSchema({ name: 'BindingRef', description: 'A live binding, by id and status' })
class BindingRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LIVE_STATUSES }) status: BindingStatus;
}

@ApiSchema({ name: 'CataloguePartner' })
export class CatalogueItemDoc implements CataloguePartner {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Integrator Pro' }) name: string;
  @ApiProperty({ example: 'Marketplace integrations and support.' }) description: string;
  @ApiProperty() certified: boolean;
  @ApiProperty({ type: ContactsDoc }) contacts: ContactsDoc;
  @ApiProperty({ type: [String], example: ['API integration'] }) services: string[];
  @ApiProperty(scopesDoc('The scopes this partner offers; "Turn On" grants all of them unless it names fewer')) scopes: AccessScope[];
  @ApiProperty({
    type: BindingRefDoc,
    nullable: true,
    description: "The caller's account's live (pending or active) binding with this partner; null when there is none",
  })
  binding: BindingRefDoc | null;
}

@ApiSchema({ name: 'CataloguePage' })
export class CataloguePageDoc {
  @ApiProperty({ type: [CatalogueItemDoc] }) items: CatalogueItemDoc[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}

@ApiSchema({ name: 'Binding' })
export class BindingDoc implements BindingView {
  @ApiProperty({ format: 'uuid', example: ID }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty({ enum: BINDING_STATUSES, enumName: 'BindingStatus' }) status: BindingStatus;
  @ApiProperty({ format: 'uuid', description: 'The administrator who pressed "Turn On"' }) requestedBy: string;
  @ApiProperty({ format: 'date-time', example: TIME }) requestedAt: string;
  @ApiProperty({ format: 'date-time', example: TIME, description: 'A pending request counts as expired from this moment' }) expiresAt: string;
  @ApiProperty({ ...NULLABLE_ID, description: 'The partner user who confirmed or declined' }) respondedBy: string | null;
  @ApiProperty(NULLABLE_TIME) respondedAt: string | null;
  @ApiProperty(NULLABLE_ID) cancelledBy: string | null;
  @ApiProperty(NULLABLE_TIME) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'We do not serve this region yet.' }) declineReason: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: 'When the partner ended the binding (status terminated)' }) terminatedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'We no longer offer this service.', description: 'Why the partner ended it, if it said' })
  terminationReason: string | null;
  @ApiProperty(scopesDoc('What the binding grants the partner; narrowing makes it smaller at once')) scopes: AccessScope[];
  @ApiProperty({ ...NULLABLE_TIME, description: 'When the fixed term ends (an active binding then counts as ended at once); null: open-ended' }) endsAt:
    string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: 'When the binding ended (its endsAt); null unless status is ended' }) endedAt: string | null;
  @ApiProperty({ type: 'integer', example: 1, description: 'Grows by one with every change' }) version: number;
}

@ApiSchema({ name: 'BindingPage' })
export class BindingPageDoc {
  @ApiProperty({ type: [BindingDoc] }) items: BindingDoc[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}

@ApiSchema({ name: 'BindingEvent', description: 'One transition in the audit trail' })
export class BindingEventDoc implements BindingEventView {
  @ApiProperty({ format: 'uuid', description: 'Also the webhook’s event id' }) id: string;
  @ApiProperty({ format: 'uuid' }) bindingId: string;
  @ApiProperty({ enum: NOTICE_TYPES, enumName: 'EventType' }) type: NoticeType;
  @ApiProperty({ ...NULLABLE_ID, description: 'null when the system acted (expiry)' }) actorId: string | null;
  @ApiProperty({ enum: ACTOR_KINDS }) actorKind: ActorKind;
  @ApiProperty({ enum: BINDING_STATUSES, enumName: 'BindingStatus', nullable: true, description: 'null for the request itself' })
  fromStatus: BindingStatus | null;
  @ApiProperty({ enum: BINDING_STATUSES, enumName: 'BindingStatus' }) toStatus: BindingStatus;
  @ApiProperty({ format: 'date-time', example: TIME }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true, example: { reason: 'We do not serve this region yet.' } })
  data: Record<string, string> | null;
}

@ApiSchema({ name: 'BindingDetail', description: 'A binding with its audit trail' })
export class BindingDetailDoc extends BindingDoc {
  @ApiProperty({ type: [BindingEventDoc], description: 'The audit trail, oldest first' }) events: BindingEventDoc[];
}

@ApiSchema({ name: 'HelpfulPartner' })
class HelpfulPartnerDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Integrator Pro' }) name: string;
  @ApiProperty({ example: 'Marketplace integrations and support.' }) description: string;
  @ApiProperty({ type: ContactsDoc }) contacts: ContactsDoc;
  @ApiProperty({ type: [String], example: ['API integration'] }) services: string[];
}

@ApiSchema({ name: 'HelpfulContact' })
class HelpfulContactDoc {
  @ApiProperty({ format: 'uuid' }) bindingId: string;
  @ApiProperty({ format: 'date-time', example: TIME, description: 'When the partner confirmed' }) since: string;
  @ApiProperty(scopesDoc('What the binding grants the partner')) scopes: AccessScope[];
  @ApiProperty({ ...NULLABLE_TIME, description: 'When the fixed term ends; null: open-ended' }) endsAt: string | null;
  @ApiProperty({ type: HelpfulPartnerDoc }) partner: HelpfulPartnerDoc;
}

@ApiSchema({ name: 'HelpfulContacts' })
export class HelpfulContactsDoc {
  @ApiProperty({ type: [HelpfulContactDoc] }) items: HelpfulContactDoc[];
}

@ApiSchema({ name: 'Notice', description: 'An in-app notice to the seller account' })
export class NoticeDoc implements SellerNoticeView {
  @ApiProperty({ format: 'uuid', description: 'The event id' }) id: string;
  @ApiProperty({ enum: NOTICE_TYPES, enumName: 'EventType' }) type: NoticeType;
  @ApiProperty({ format: 'uuid' }) bindingId: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty({ format: 'date-time', example: TIME }) createdAt: string;
  @ApiProperty(NULLABLE_TIME) readAt: string | null;
}

@ApiSchema({ name: 'NoticePage' })
export class NoticePageDoc {
  @ApiProperty({ type: [NoticeDoc] }) items: NoticeDoc[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}

@ApiSchema({ name: 'PartnerRequest', description: 'A binding addressed to the caller’s partner, with the requesting account' })
export class PartnerRequestDoc extends BindingDoc {
  @ApiProperty({ type: NamedRefDoc }) account: NamedRefDoc;
}

@ApiSchema({ name: 'PartnerRequestDetail', description: 'A request addressed to the caller’s partner, with the requesting account and the audit trail' })
export class PartnerRequestDetailDoc extends PartnerRequestDoc {
  @ApiProperty({ type: [BindingEventDoc], description: 'The audit trail, oldest first' }) events: BindingEventDoc[];
}

@ApiSchema({ name: 'PartnerRequestPage' })
export class PartnerRequestPageDoc {
  @ApiProperty({ type: [PartnerRequestDoc] }) items: PartnerRequestDoc[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}

@ApiSchema({ name: 'Webhook' })
export class WebhookDoc {
  @ApiProperty({ type: String, format: 'uri', nullable: true, example: 'https://integrator.example/hooks/pbs', description: 'null: no endpoint yet' }) url:
    string | null;
}

@ApiSchema({ name: 'SellerWebhookSet', description: 'The first PUT shows the new signing secret this once; later ones answer the URL only' })
export class SellerWebhookSetDoc {
  @ApiProperty({ format: 'uri', example: 'https://backend.seller.example/hooks/pbs' }) url: string;
  @ApiPropertyOptional({ description: 'Only on the first PUT: the HMAC key, shown this once', example: 'whsec_3q2+7w…' }) secret?: string;
}

@ApiSchema({ name: 'WebhookSecret' })
export class SecretDoc {
  @ApiProperty({ description: 'The new HMAC key, shown this once; the old one stops working at once', example: 'whsec_3q2+7w…' }) secret: string;
}

@ApiSchema({ name: 'Delivery', description: 'One event sent to a webhook endpoint (the partner’s, or the seller account’s), with its attempts' })
export class DeliveryDoc implements DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'Stable across attempts; de-duplicate on it' }) eventId: string;
  @ApiProperty({
    enum: [...NOTICE_TYPES, PING_EVENT_TYPE],
    enumName: 'DeliveryEventType',
    description: 'The event’s type: a notice, or `ping` (a test event asked for)',
  })
  type: NoticeType | typeof PING_EVENT_TYPE;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' }) status: DeliveryStatus;
  @ApiProperty({ type: 'integer', example: 1 }) attempts: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 200, description: 'The endpoint’s last answer (null: none, e.g. a timeout)' }) lastStatusCode:
    number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) lastError: string | null;
  @ApiProperty(NULLABLE_TIME) nextAttemptAt: string | null;
  @ApiProperty(NULLABLE_TIME) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time', example: TIME }) createdAt: string;
}

@ApiSchema({ name: 'DeliveryPage' })
export class DeliveryPageDoc {
  @ApiProperty({ type: [DeliveryDoc] }) items: DeliveryDoc[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}
