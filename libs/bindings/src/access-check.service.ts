import { Inject, Injectable } from '@nestjs/common';
import { decideAccess, type AccessAnswer } from './access-check.js';
import { BindingsRepository } from './bindings.repository.js';

/**
 * The gateway's access check (docs/API.md#access-checks), on every partner call: one read of the
 * live-binding unique index (account_id, live_partner_id), no cache — so a cancel, termination,
 * narrowing or end committed by any replica is what the very next check reads.
 */
@Injectable()
export class AccessCheckService {
  constructor(@Inject(BindingsRepository) private readonly bindings: BindingsRepository) {}

  async check(accountId: string, partnerId: string, scope: string): Promise<AccessAnswer> {
    return decideAccess(await this.bindings.liveSlot(accountId, partnerId), scope, new Date());
  }
}
