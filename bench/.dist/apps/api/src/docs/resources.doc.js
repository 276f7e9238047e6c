var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
/*
 * Response shapes for the OpenAPI document (SPEC §5–6). The services return plain
 * objects of these shapes; these classes only describe them.
 */
const ID = '01a21bf8-0ebf-73b7-a6c7-2502a0026217';
const TIME = '2026-11-27T07:46:11.263Z';
export class AccountDoc {
    id;
    name;
    createdAt;
}
__decorate([
    ApiProperty({ format: 'uuid', example: ID }),
    __metadata("design:type", String)
], AccountDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'Acme Electronics LLC' }),
    __metadata("design:type", String)
], AccountDoc.prototype, "name", void 0);
__decorate([
    ApiProperty({ format: 'date-time', example: TIME }),
    __metadata("design:type", String)
], AccountDoc.prototype, "createdAt", void 0);
export class SellerUserDoc {
    id;
    email;
    name;
    accountId;
    role;
    active;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], SellerUserDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'anna@acme.example' }),
    __metadata("design:type", String)
], SellerUserDoc.prototype, "email", void 0);
__decorate([
    ApiProperty({ example: 'Anna Admin' }),
    __metadata("design:type", String)
], SellerUserDoc.prototype, "name", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], SellerUserDoc.prototype, "accountId", void 0);
__decorate([
    ApiProperty({ enum: ['admin', 'manager', 'viewer'] }),
    __metadata("design:type", String)
], SellerUserDoc.prototype, "role", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], SellerUserDoc.prototype, "active", void 0);
export class ContactsDoc {
    email;
    phone;
    website;
}
__decorate([
    ApiProperty({ example: 'hello@integrator.example' }),
    __metadata("design:type", String)
], ContactsDoc.prototype, "email", void 0);
__decorate([
    ApiProperty({ nullable: true, example: '+7 495 000-00-00' }),
    __metadata("design:type", Object)
], ContactsDoc.prototype, "phone", void 0);
__decorate([
    ApiProperty({ nullable: true, example: 'https://integrator.example' }),
    __metadata("design:type", Object)
], ContactsDoc.prototype, "website", void 0);
export class PartnerDoc {
    id;
    name;
    description;
    certified;
    contacts;
    services;
    webhookUrl;
    createdAt;
    updatedAt;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], PartnerDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'Integrator Pro' }),
    __metadata("design:type", String)
], PartnerDoc.prototype, "name", void 0);
__decorate([
    ApiProperty({ example: 'Marketplace integrations and support.' }),
    __metadata("design:type", String)
], PartnerDoc.prototype, "description", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], PartnerDoc.prototype, "certified", void 0);
__decorate([
    ApiProperty({ type: ContactsDoc }),
    __metadata("design:type", ContactsDoc)
], PartnerDoc.prototype, "contacts", void 0);
__decorate([
    ApiProperty({ type: [String], example: ['API integration'] }),
    __metadata("design:type", Array)
], PartnerDoc.prototype, "services", void 0);
__decorate([
    ApiProperty({ nullable: true, example: 'https://integrator.example/hooks/pbs' }),
    __metadata("design:type", Object)
], PartnerDoc.prototype, "webhookUrl", void 0);
__decorate([
    ApiProperty({ format: 'date-time' }),
    __metadata("design:type", String)
], PartnerDoc.prototype, "createdAt", void 0);
__decorate([
    ApiProperty({ format: 'date-time' }),
    __metadata("design:type", String)
], PartnerDoc.prototype, "updatedAt", void 0);
export class CreatedPartnerDoc extends PartnerDoc {
    webhookSecret;
}
__decorate([
    ApiProperty({ description: 'HMAC key for webhook signatures. Shown this once.', example: 'whsec_…' }),
    __metadata("design:type", String)
], CreatedPartnerDoc.prototype, "webhookSecret", void 0);
export class PartnerUserDoc {
    id;
    email;
    name;
    partnerId;
    active;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], PartnerUserDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'ivan@integrator.example' }),
    __metadata("design:type", String)
], PartnerUserDoc.prototype, "email", void 0);
__decorate([
    ApiProperty({ example: 'Ivan Partner' }),
    __metadata("design:type", String)
], PartnerUserDoc.prototype, "name", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], PartnerUserDoc.prototype, "partnerId", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], PartnerUserDoc.prototype, "active", void 0);
export class TokenDoc {
    accessToken;
    tokenType;
    expiresIn;
}
__decorate([
    ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }),
    __metadata("design:type", String)
], TokenDoc.prototype, "accessToken", void 0);
__decorate([
    ApiProperty({ enum: ['Bearer'] }),
    __metadata("design:type", String)
], TokenDoc.prototype, "tokenType", void 0);
__decorate([
    ApiProperty({ example: 3600 }),
    __metadata("design:type", Number)
], TokenDoc.prototype, "expiresIn", void 0);
class NamedRefDoc {
    id;
    name;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], NamedRefDoc.prototype, "id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], NamedRefDoc.prototype, "name", void 0);
class MeUserDoc {
    id;
    email;
    name;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], MeUserDoc.prototype, "id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], MeUserDoc.prototype, "email", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], MeUserDoc.prototype, "name", void 0);
export class MeDoc {
    user;
    kind;
    account;
    partner;
    role;
    permissions;
}
__decorate([
    ApiProperty({ type: MeUserDoc }),
    __metadata("design:type", MeUserDoc)
], MeDoc.prototype, "user", void 0);
__decorate([
    ApiProperty({ enum: ['seller', 'partner'] }),
    __metadata("design:type", String)
], MeDoc.prototype, "kind", void 0);
__decorate([
    ApiPropertyOptional({ type: NamedRefDoc }),
    __metadata("design:type", NamedRefDoc)
], MeDoc.prototype, "account", void 0);
__decorate([
    ApiPropertyOptional({ type: NamedRefDoc }),
    __metadata("design:type", NamedRefDoc)
], MeDoc.prototype, "partner", void 0);
__decorate([
    ApiPropertyOptional({ enum: ['admin', 'manager', 'viewer'] }),
    __metadata("design:type", String)
], MeDoc.prototype, "role", void 0);
__decorate([
    ApiProperty({ type: [String], example: ['catalogue:read', 'bindings:read', 'bindings:manage'], description: 'Contains bindings:manage exactly when the user may bind and cancel.' }),
    __metadata("design:type", Array)
], MeDoc.prototype, "permissions", void 0);
class BindingRefDoc {
    id;
    status;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], BindingRefDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ enum: ['pending', 'active'] }),
    __metadata("design:type", String)
], BindingRefDoc.prototype, "status", void 0);
export class CatalogueItemDoc {
    id;
    name;
    description;
    certified;
    contacts;
    services;
    binding;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], CatalogueItemDoc.prototype, "id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], CatalogueItemDoc.prototype, "name", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], CatalogueItemDoc.prototype, "description", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], CatalogueItemDoc.prototype, "certified", void 0);
__decorate([
    ApiProperty({ type: ContactsDoc }),
    __metadata("design:type", ContactsDoc)
], CatalogueItemDoc.prototype, "contacts", void 0);
__decorate([
    ApiProperty({ type: [String] }),
    __metadata("design:type", Array)
], CatalogueItemDoc.prototype, "services", void 0);
__decorate([
    ApiProperty({ type: BindingRefDoc, nullable: true, description: "The caller's account's live binding with this partner" }),
    __metadata("design:type", Object)
], CatalogueItemDoc.prototype, "binding", void 0);
export class CataloguePageDoc {
    items;
    nextCursor;
}
__decorate([
    ApiProperty({ type: [CatalogueItemDoc] }),
    __metadata("design:type", Array)
], CataloguePageDoc.prototype, "items", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], CataloguePageDoc.prototype, "nextCursor", void 0);
export class BindingDoc {
    id;
    accountId;
    partnerId;
    status;
    requestedBy;
    requestedAt;
    expiresAt;
    respondedBy;
    respondedAt;
    cancelledBy;
    cancelledAt;
    declineReason;
    version;
}
__decorate([
    ApiProperty({ format: 'uuid', example: ID }),
    __metadata("design:type", String)
], BindingDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], BindingDoc.prototype, "accountId", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], BindingDoc.prototype, "partnerId", void 0);
__decorate([
    ApiProperty({ enum: ['pending', 'active', 'declined', 'expired', 'cancelled'] }),
    __metadata("design:type", String)
], BindingDoc.prototype, "status", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], BindingDoc.prototype, "requestedBy", void 0);
__decorate([
    ApiProperty({ format: 'date-time', example: TIME }),
    __metadata("design:type", String)
], BindingDoc.prototype, "requestedAt", void 0);
__decorate([
    ApiProperty({ format: 'date-time' }),
    __metadata("design:type", String)
], BindingDoc.prototype, "expiresAt", void 0);
__decorate([
    ApiProperty({ format: 'uuid', nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingDoc.prototype, "respondedBy", void 0);
__decorate([
    ApiProperty({ format: 'date-time', nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingDoc.prototype, "respondedAt", void 0);
__decorate([
    ApiProperty({ format: 'uuid', nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingDoc.prototype, "cancelledBy", void 0);
__decorate([
    ApiProperty({ format: 'date-time', nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingDoc.prototype, "cancelledAt", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingDoc.prototype, "declineReason", void 0);
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], BindingDoc.prototype, "version", void 0);
export class BindingPageDoc {
    items;
    nextCursor;
}
__decorate([
    ApiProperty({ type: [BindingDoc] }),
    __metadata("design:type", Array)
], BindingPageDoc.prototype, "items", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingPageDoc.prototype, "nextCursor", void 0);
export class BindingEventDoc {
    id;
    bindingId;
    type;
    actorId;
    actorKind;
    fromStatus;
    toStatus;
    at;
    data;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], BindingEventDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], BindingEventDoc.prototype, "bindingId", void 0);
__decorate([
    ApiProperty({ enum: ['binding.requested', 'binding.confirmed', 'binding.declined', 'binding.expired', 'binding.cancelled'] }),
    __metadata("design:type", String)
], BindingEventDoc.prototype, "type", void 0);
__decorate([
    ApiProperty({ format: 'uuid', nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingEventDoc.prototype, "actorId", void 0);
__decorate([
    ApiProperty({ enum: ['seller', 'partner', 'system'] }),
    __metadata("design:type", String)
], BindingEventDoc.prototype, "actorKind", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], BindingEventDoc.prototype, "fromStatus", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], BindingEventDoc.prototype, "toStatus", void 0);
__decorate([
    ApiProperty({ format: 'date-time' }),
    __metadata("design:type", String)
], BindingEventDoc.prototype, "at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Object, example: { reason: 'Not our region' } }),
    __metadata("design:type", Object)
], BindingEventDoc.prototype, "data", void 0);
export class BindingDetailDoc extends BindingDoc {
    events;
}
__decorate([
    ApiProperty({ type: [BindingEventDoc], description: 'The audit trail, oldest first' }),
    __metadata("design:type", Array)
], BindingDetailDoc.prototype, "events", void 0);
class HelpfulPartnerDoc {
    id;
    name;
    description;
    contacts;
    services;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], HelpfulPartnerDoc.prototype, "id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], HelpfulPartnerDoc.prototype, "name", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], HelpfulPartnerDoc.prototype, "description", void 0);
__decorate([
    ApiProperty({ type: ContactsDoc }),
    __metadata("design:type", ContactsDoc)
], HelpfulPartnerDoc.prototype, "contacts", void 0);
__decorate([
    ApiProperty({ type: [String] }),
    __metadata("design:type", Array)
], HelpfulPartnerDoc.prototype, "services", void 0);
class HelpfulContactDoc {
    bindingId;
    since;
    partner;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], HelpfulContactDoc.prototype, "bindingId", void 0);
__decorate([
    ApiProperty({ format: 'date-time', description: 'When the partner confirmed' }),
    __metadata("design:type", String)
], HelpfulContactDoc.prototype, "since", void 0);
__decorate([
    ApiProperty({ type: HelpfulPartnerDoc }),
    __metadata("design:type", HelpfulPartnerDoc)
], HelpfulContactDoc.prototype, "partner", void 0);
export class HelpfulContactsDoc {
    items;
}
__decorate([
    ApiProperty({ type: [HelpfulContactDoc] }),
    __metadata("design:type", Array)
], HelpfulContactsDoc.prototype, "items", void 0);
export class NoticeDoc {
    id;
    type;
    bindingId;
    partnerId;
    createdAt;
    readAt;
}
__decorate([
    ApiProperty({ format: 'uuid', description: 'The event id' }),
    __metadata("design:type", String)
], NoticeDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ enum: ['binding.requested', 'binding.confirmed', 'binding.declined', 'binding.expired', 'binding.cancelled'] }),
    __metadata("design:type", String)
], NoticeDoc.prototype, "type", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], NoticeDoc.prototype, "bindingId", void 0);
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], NoticeDoc.prototype, "partnerId", void 0);
__decorate([
    ApiProperty({ format: 'date-time' }),
    __metadata("design:type", String)
], NoticeDoc.prototype, "createdAt", void 0);
__decorate([
    ApiProperty({ format: 'date-time', nullable: true, type: String }),
    __metadata("design:type", Object)
], NoticeDoc.prototype, "readAt", void 0);
export class NoticePageDoc {
    items;
    nextCursor;
}
__decorate([
    ApiProperty({ type: [NoticeDoc] }),
    __metadata("design:type", Array)
], NoticePageDoc.prototype, "items", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], NoticePageDoc.prototype, "nextCursor", void 0);
export class PartnerRequestDoc extends BindingDoc {
    account;
}
__decorate([
    ApiProperty({ type: NamedRefDoc }),
    __metadata("design:type", NamedRefDoc)
], PartnerRequestDoc.prototype, "account", void 0);
export class PartnerRequestPageDoc {
    items;
    nextCursor;
}
__decorate([
    ApiProperty({ type: [PartnerRequestDoc] }),
    __metadata("design:type", Array)
], PartnerRequestPageDoc.prototype, "items", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], PartnerRequestPageDoc.prototype, "nextCursor", void 0);
export class WebhookDoc {
    url;
}
__decorate([
    ApiProperty({ nullable: true, type: String, example: 'https://integrator.example/hooks/pbs' }),
    __metadata("design:type", Object)
], WebhookDoc.prototype, "url", void 0);
export class SecretDoc {
    secret;
}
__decorate([
    ApiProperty({ description: 'The new HMAC key, shown this once', example: 'whsec_…' }),
    __metadata("design:type", String)
], SecretDoc.prototype, "secret", void 0);
export class DeliveryDoc {
    id;
    eventId;
    type;
    status;
    attempts;
    lastStatusCode;
    lastError;
    nextAttemptAt;
    deliveredAt;
    createdAt;
}
__decorate([
    ApiProperty({ format: 'uuid' }),
    __metadata("design:type", String)
], DeliveryDoc.prototype, "id", void 0);
__decorate([
    ApiProperty({ format: 'uuid', description: 'Stable across attempts; de-duplicate on it' }),
    __metadata("design:type", String)
], DeliveryDoc.prototype, "eventId", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], DeliveryDoc.prototype, "type", void 0);
__decorate([
    ApiProperty({ enum: ['pending', 'delivered', 'failed'] }),
    __metadata("design:type", String)
], DeliveryDoc.prototype, "status", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], DeliveryDoc.prototype, "attempts", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number }),
    __metadata("design:type", Object)
], DeliveryDoc.prototype, "lastStatusCode", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], DeliveryDoc.prototype, "lastError", void 0);
__decorate([
    ApiProperty({ format: 'date-time', nullable: true, type: String }),
    __metadata("design:type", Object)
], DeliveryDoc.prototype, "nextAttemptAt", void 0);
__decorate([
    ApiProperty({ format: 'date-time', nullable: true, type: String }),
    __metadata("design:type", Object)
], DeliveryDoc.prototype, "deliveredAt", void 0);
__decorate([
    ApiProperty({ format: 'date-time' }),
    __metadata("design:type", String)
], DeliveryDoc.prototype, "createdAt", void 0);
export class DeliveryPageDoc {
    items;
    nextCursor;
}
__decorate([
    ApiProperty({ type: [DeliveryDoc] }),
    __metadata("design:type", Array)
], DeliveryPageDoc.prototype, "items", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], DeliveryPageDoc.prototype, "nextCursor", void 0);
//# sourceMappingURL=resources.doc.js.map