import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SELLER_ROLES, type SellerRole } from '@app/accounts';
import { USER_KINDS, type UserKind } from '@app/auth';
import { IfPresent, PageQuery, ScopeList, scopeListDoc } from '../common/dto.js';

const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });

const EXTERNAL_SUBJECT_DOC = {
  description: "The `sub` claim of this user's access tokens from the marketplace's identity provider (JWT_JWKS_URL); unique. null removes it.",
  example: 'auth0|6650f1c2a1',
  type: String,
  maxLength: 255,
};

export class CreateAccountBody {
  @ApiProperty({ maxLength: 200, example: 'Acme Electronics LLC' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name: string;
}

export class CreateSellerUserBody {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'anna@acme.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 200, example: 'Anna Admin' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: SELLER_ROLES, enumName: 'SellerRole' })
  @IsIn(SELLER_ROLES)
  role: SellerRole;

  @ApiPropertyOptional(EXTERNAL_SUBJECT_DOC)
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(255)
  externalSubject?: string;
}

export class UpdateAccountBody {
  @ApiPropertyOptional({
    description: 'false closes the account: its live bindings are cancelled by the system (their partners are told) and its users get 401 from then on',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 1_000_000,
    description: 'This account’s cap on live (pending + active) partner bindings; 0: no limit; null: back to MAX_LIVE_PARTNERS_PER_ACCOUNT.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxLivePartners?: number | null;
}

/** What the operator may change of any user: active or not, and the identity provider's subject. */
export class UpdateUserBody {
  @ApiPropertyOptional({
    description:
      'false deactivates the user: their tokens are refused from the next request, and every token issued until then stays revoked after a reactivation',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ ...EXTERNAL_SUBJECT_DOC, nullable: true })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(255)
  externalSubject?: string | null;
}

/** Seller users have a role as well. */
export class UpdateSellerUserBody extends UpdateUserBody {
  @ApiPropertyOptional({ enum: SELLER_ROLES, enumName: 'SellerRole' })
  @IsOptional()
  @IsIn(SELLER_ROLES)
  role?: SellerRole;
}

export class ContactsBody {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'hello@integrator.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ maxLength: 50, example: '+7 495 000-00-00' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ format: 'uri', maxLength: 2048, example: 'https://integrator.example' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2048)
  website?: string;
}

export class CreatePartnerBody {
  @ApiProperty({ maxLength: 200, example: 'Integrator Pro' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Marketplace integrations and support.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ description: 'Only certified partners are in the catalogue and can be newly bound' })
  @IsBoolean()
  certified: boolean;

  @ApiProperty({ type: ContactsBody })
  @IsNotEmpty()
  @ValidateNested()
  @Type(() => ContactsBody)
  contacts: ContactsBody;

  @ApiPropertyOptional({ type: [String], maxItems: 50, example: ['API integration', 'Analytics'] })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  services?: string[];

  @ApiPropertyOptional(scopeListDoc('The scopes this partner offers; a binding grants a subset of them. Default: all of them.'))
  @IfPresent()
  @ScopeList()
  scopes?: string[];

  @ApiPropertyOptional({
    format: 'uri',
    maxLength: 2048,
    example: 'https://integrator.example/hooks/partner-binding',
    description: 'https (http to loopback only when ALLOW_HTTP_WEBHOOKS=true)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  webhookUrl?: string;
}

export class UpdatePartnerBody {
  @ApiPropertyOptional({ description: 'false takes the partner out of the catalogue; its live bindings stay' })
  @IsOptional()
  @IsBoolean()
  certified?: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: ContactsBody })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactsBody)
  contacts?: ContactsBody;

  @ApiPropertyOptional({ type: [String], maxItems: 50 })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  services?: string[];

  @ApiPropertyOptional(scopeListDoc('The scopes this partner offers from now on (new requests only: live bindings keep theirs).'))
  @IfPresent()
  @ScopeList()
  scopes?: string[];
}

export class CreatePartnerUserBody {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ivan@integrator.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 200, example: 'Ivan Partner' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional(EXTERNAL_SUBJECT_DOC)
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(255)
  externalSubject?: string;
}

/** Partner users: the common fields only. */
export class UpdatePartnerUserBody extends UpdateUserBody {}

export class MintTokenBody {
  @ApiProperty({ format: 'uuid', description: 'A seller or partner user' })
  @IsString()
  @MaxLength(64)
  userId: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 86400, default: 3600, description: 'Lifetime in seconds' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  ttlSeconds?: number;
}

export class OperatorUserListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: USER_KINDS,
    enumName: 'UserKind',
    description: 'Only seller users or only partner users (default both: sellers first, each by e-mail).',
  })
  @IsOptional()
  @IsIn(USER_KINDS)
  kind?: UserKind;
}
