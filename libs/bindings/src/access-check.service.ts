import { Inject, Injectable } from '@nestjs/common';
import { Sql } from '@app/database';
import { decideAccess, type AccessAnswer, type LiveBindingRow } from './access-check.js';

/** The check's one statement: a point read of the live-binding unique index (account_id, live_partner_id). */
export const LIVE_BINDING_READ =
  'SELECT id, status, scopes, expires_at AS expiresAt, ends_at AS endsAt FROM bindings WHERE account_id = ? AND live_partner_id = ? LIMIT 1';

/**
 * The gateway's access check (docs/API.md#access-checks), on every partner call: one read of the
 * live-binding unique index (account_id, live_partner_id), no cache — so a cancel, termination,
 * narrowing or end committed by any replica is what the very next check reads.
 */
@Injectable()
export class AccessCheckService {
  constructor(@Inject(Sql) private readonly sql: Sql) {}

  async check(accountId: string, partnerId: string, scope: string): Promise<AccessAnswer> {
    const [row] = await this.sql.select<LiveBindingRow>(LIVE_BINDING_READ, [accountId, partnerId]);
    return decideAccess(row, scope, new Date());
  }
}
