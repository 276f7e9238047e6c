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
import { PageQuery } from '../common/dto.js';

const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });

const EXTERNAL_SUBJECT_DOC = {
  description: "The `sub` claim of this user's access tokens from the marketplace's identity provider (JWT_JWKS_URL); unique. null removes it.",
  example: 'auth0|6650f1c2a1',
  type: String,
};

export class CreateAccountBody {
  @ApiProperty({ example: 'Acme Electronics LLC' })
  @IsString() @NotBlank() @MaxLength(200)
  name: string;
}

export class CreateSellerUserBody {
  @ApiProperty({ example: 'anna@acme.example' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Anna Admin' })
  @IsString() @NotBlank() @MaxLength(200)
  name: string;

  @ApiProperty({ enum: SELLER_ROLES })
  @IsIn(SELLER_ROLES)
  role: SellerRole;

  @ApiPropertyOptional(EXTERNAL_SUBJECT_DOC)
  @IsOptional() @IsString() @NotBlank() @MaxLength(255)
  externalSubject?: string;
}

export class UpdateSellerUserBody {
  @ApiPropertyOptional({ enum: SELLER_ROLES })
  @IsOptional() @IsIn(SELLER_ROLES)
  role?: SellerRole;

  @ApiPropertyOptional({ description: 'false revokes every access token issued so far; reactivating does not bring them back.' })
  @IsOptional() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ ...EXTERNAL_SUBJECT_DOC, nullable: true })
  @IsOptional() @IsString() @NotBlank() @MaxLength(255)
  externalSubject?: string | null;
}

export class ContactsBody {
  @ApiProperty({ example: 'hello@integrator.example' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+7 495 000-00-00' })
  @IsOptional() @IsString() @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ example: 'https://integrator.example' })
  @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }) @MaxLength(2048)
  website?: string;
}

export class CreatePartnerBody {
  @ApiProperty({ example: 'Integrator Pro' })
  @IsString() @NotBlank() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Marketplace integrations and support.' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiProperty()
  @IsBoolean()
  certified: boolean;

  @ApiProperty({ type: ContactsBody })
  @IsNotEmpty() @ValidateNested() @Type(() => ContactsBody)
  contacts: ContactsBody;

  @ApiPropertyOptional({ type: [String], example: ['API integration', 'Analytics'] })
  @IsOptional() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true })
  services?: string[];

  @ApiPropertyOptional({ example: 'https://integrator.example/hooks/partner-binding' })
  @IsOptional() @IsString() @MaxLength(2048)
  webhookUrl?: string;
}

export class UpdatePartnerBody {
  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  certified?: boolean;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @NotBlank() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: ContactsBody })
  @IsOptional() @ValidateNested() @Type(() => ContactsBody)
  contacts?: ContactsBody;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true })
  services?: string[];
}

export class CreatePartnerUserBody {
  @ApiProperty({ example: 'ivan@integrator.example' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Ivan Partner' })
  @IsString() @NotBlank() @MaxLength(200)
  name: string;

  @ApiPropertyOptional(EXTERNAL_SUBJECT_DOC)
  @IsOptional() @IsString() @NotBlank() @MaxLength(255)
  externalSubject?: string;
}

export class UpdatePartnerUserBody {
  @ApiPropertyOptional({ description: 'false revokes every access token issued so far; reactivating does not bring them back.' })
  @IsOptional() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ ...EXTERNAL_SUBJECT_DOC, nullable: true })
  @IsOptional() @IsString() @NotBlank() @MaxLength(255)
  externalSubject?: string | null;
}

export class MintTokenBody {
  @ApiProperty({ format: 'uuid' })
  @IsString() @MaxLength(64)
  userId: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 86400, default: 3600 })
  @IsOptional() @IsInt() @Min(1) @Max(86400)
  ttlSeconds?: number;
}

export class OperatorUserListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['seller', 'partner'], description: 'Only seller users or only partner users (default both: sellers first, each by e-mail).' })
  @IsOptional() @IsIn(['seller', 'partner'])
  kind?: 'seller' | 'partner';
}
