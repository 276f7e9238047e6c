import { Column, Entity } from 'typeorm';
import { TimeColumn, UuidPrimaryColumn } from '@app/database';

@Entity('accounts')
export class AccountEntity {
  @UuidPrimaryColumn()
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @TimeColumn('created_at')
  createdAt: Date;

  /** This account's cap on live partners (0: none), overriding MAX_LIVE_PARTNERS_PER_ACCOUNT; null: the global setting. */
  @Column({ name: 'max_live_partners', type: 'int', nullable: true })
  maxLivePartners: number | null;
  /** false once the operator closes the account: its users are refused, its live bindings cancelled (by a job). */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
