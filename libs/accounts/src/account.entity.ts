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

  /** false once the operator closes the account: its users are refused, its live bindings cancelled (by a job). */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
