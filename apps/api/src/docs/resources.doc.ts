import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * Response shapes for the OpenAPI document (SPEC §5–6). The services return plain
 * objects of these shapes; these classes only describe them.
 */

const ID = '01a21bf8-0ebf-73b7-a6c7-2502a0026217';
const TIME = '2026-11-27T07:46:11.263Z';

export class AccountDoc {
  @ApiProperty({ format: 'uuid', example: ID }) id: string;
  @ApiProperty({ example: 'Acme Electronics LLC' }) name: string;
  @ApiProperty({ format: 'date-time', example: TIME }) createdAt: string;
}

export class SellerUserDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'anna@acme.example' }) email: string;
  @ApiProperty({ example: 'Anna Admin' }) name: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: ['admin', 'manager', 'viewer'] }) role: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The `sub` of the user's tokens from the marketplace's identity provider." }) externalSubject: string | null;
}

export class ContactsDoc {
  @ApiProperty({ example: 'hello@integrator.example' }) email: string;
  @ApiProperty({ nullable: true, example: '+7 495 000-00-00' }) phone: string | null;
  @ApiProperty({ nullable: true, example: 'https://integrator.example' }) website: string | null;
}

export class PartnerDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Integrator Pro' }) name: string;
  @ApiProperty({ example: 'Marketplace integrations and support.' }) description: string;
  @ApiProperty() certified: boolean;
  @ApiProperty({ type: ContactsDoc }) contacts: ContactsDoc;
  @ApiProperty({ type: [String], example: ['API integration'] }) services: string[];
  @ApiProperty({ nullable: true, example: 'https://integrator.example/hooks/pbs' }) webhookUrl: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreatedPartnerDoc extends PartnerDoc {
  @ApiProperty({ description: 'HMAC key for webhook signatures. Shown this once.', example: 'whsec_…' }) webhookSecret: string;
}

export class PartnerUserDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ivan@integrator.example' }) email: string;
  @ApiProperty({ example: 'Ivan Partner' }) name: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The `sub` of the user's tokens from the marketplace's identity provider." }) externalSubject: string | null;
}

export class TokenDoc {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: string;
  @ApiProperty({ example: 3600 }) expiresIn: number;
}

class NamedRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

class MeUserDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class MeDoc {
  @ApiProperty({ type: MeUserDoc }) user: MeUserDoc;
  @ApiProperty({ enum: ['seller', 'partner'] }) kind: string;
  @ApiPropertyOptional({ type: NamedRefDoc }) account?: NamedRefDoc;
  @ApiPropertyOptional({ type: NamedRefDoc }) partner?: NamedRefDoc;
  @ApiPropertyOptional({ enum: ['admin', 'manager', 'viewer'] }) role?: string;
  @ApiProperty({ type: [String], example: ['catalogue:read', 'bindings:read', 'bindings:manage'], description: 'Contains bindings:manage exactly when the user may bind and cancel.' })
  permissions: string[];
}

class BindingRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending', 'active'] }) status: string;
}

export class CatalogueItemDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() certified: boolean;
  @ApiProperty({ type: ContactsDoc }) contacts: ContactsDoc;
  @ApiProperty({ type: [String] }) services: string[];
  @ApiProperty({ type: BindingRefDoc, nullable: true, description: "The caller's account's live binding with this partner" }) binding: BindingRefDoc | null;
}

export class CataloguePageDoc {
  @ApiProperty({ type: [CatalogueItemDoc] }) items: CatalogueItemDoc[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class BindingDoc {
  @ApiProperty({ format: 'uuid', example: ID }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty({ enum: ['pending', 'active', 'declined', 'expired', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty({ format: 'date-time', example: TIME }) requestedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) respondedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) respondedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) cancelledBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason: string | null;
  @ApiProperty({ example: 1 }) version: number;
}

export class BindingPageDoc {
  @ApiProperty({ type: [BindingDoc] }) items: BindingDoc[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class BindingEventDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) bindingId: string;
  @ApiProperty({ enum: ['binding.requested', 'binding.confirmed', 'binding.declined', 'binding.expired', 'binding.cancelled'] }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ enum: ['seller', 'partner', 'system'] }) actorKind: string;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty() toStatus: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: Object, example: { reason: 'Not our region' } }) data: Record<string, string> | null;
}

export class BindingDetailDoc extends BindingDoc {
  @ApiProperty({ type: [BindingEventDoc], description: 'The audit trail, oldest first' }) events: BindingEventDoc[];
}

class HelpfulPartnerDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: ContactsDoc }) contacts: ContactsDoc;
  @ApiProperty({ type: [String] }) services: string[];
}

class HelpfulContactDoc {
  @ApiProperty({ format: 'uuid' }) bindingId: string;
  @ApiProperty({ format: 'date-time', description: 'When the partner confirmed' }) since: string;
  @ApiProperty({ type: HelpfulPartnerDoc }) partner: HelpfulPartnerDoc;
}

export class HelpfulContactsDoc {
  @ApiProperty({ type: [HelpfulContactDoc] }) items: HelpfulContactDoc[];
}

export class NoticeDoc {
  @ApiProperty({ format: 'uuid', description: 'The event id' }) id: string;
  @ApiProperty({ enum: ['binding.requested', 'binding.confirmed', 'binding.declined', 'binding.expired', 'binding.cancelled'] }) type: string;
  @ApiProperty({ format: 'uuid' }) bindingId: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
}

export class NoticePageDoc {
  @ApiProperty({ type: [NoticeDoc] }) items: NoticeDoc[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PartnerRequestDoc extends BindingDoc {
  @ApiProperty({ type: NamedRefDoc }) account: NamedRefDoc;
}

export class PartnerRequestPageDoc {
  @ApiProperty({ type: [PartnerRequestDoc] }) items: PartnerRequestDoc[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class WebhookDoc {
  @ApiProperty({ nullable: true, type: String, example: 'https://integrator.example/hooks/pbs' }) url: string | null;
}

export class SecretDoc {
  @ApiProperty({ description: 'The new HMAC key, shown this once', example: 'whsec_…' }) secret: string;
}

export class DeliveryDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'Stable across attempts; de-duplicate on it' }) eventId: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeliveryPageDoc {
  @ApiProperty({ type: [DeliveryDoc] }) items: DeliveryDoc[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
