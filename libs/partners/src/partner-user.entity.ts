import { Column, Entity, Index } from 'typeorm';
import { TimeColumn, UuidColumn, UuidPrimaryColumn } from '@app/database';

@Entity('partner_users')
@Index('uq_partner_users_email', ['email'], { unique: true })
@Index('idx_partner_users_partner', ['partnerId'])
@Index('uq_partner_users_external_subject', ['externalSubject'], { unique: true })
export class PartnerUserEntity {
  @UuidPrimaryColumn()
  id: string;

  @UuidColumn('partner_id')
  partnerId: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;

  /** The `sub` of this user's tokens from the marketplace's identity provider (JWT_JWKS_URL), set by the operator. */
  @Column({ name: 'external_subject', type: 'varchar', length: 255, nullable: true })
  externalSubject: string | null;

  /** Tokens issued at or before this moment are refused (set when the user is deactivated). */
  @TimeColumn('tokens_valid_after', { nullable: true })
  tokensValidAfter: Date | null;
}
