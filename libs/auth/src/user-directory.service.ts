import { Inject, Injectable } from '@nestjs/common';
import { AccountsService, type SellerUserView } from '@app/accounts';
import { CursorCodec, ValidationFailedError, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnersService, type PartnerUserView } from '@app/partners';
import type { UserKind } from './user-kind.js';

/** A user of either kind with the account or partner they belong to, as the back office lists them. */
export type DirectoryEntry =
  (SellerUserView & { kind: 'seller'; account: { id: string; name: string } }) | (PartnerUserView & { kind: 'partner'; partner: { id: string; name: string } });

type Found = { kind: 'seller'; user: SellerUserView } | { kind: 'partner'; user: PartnerUserView };

interface Position {
  kind: UserKind;
  email: string;
  id: string;
}

/**
 * Everyone a token can be minted for, seller users first, then partner users, each by e-mail:
 * what a back office (or the cabinet's development picker) needs to pick a user.
 */
@Injectable()
export class UserDirectory {
  private readonly cursors: CursorCodec;

  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  async list(kind: UserKind | undefined, limit: number, cursor: string | undefined): Promise<Page<DirectoryEntry>> {
    const list = `operator-users:${kind ?? 'all'}`;
    const position = cursor ? this.decodePosition(list, cursor) : null;
    // One more than asked for tells whether there is a next page.
    const found = await this.usersAfter(kind ? [kind] : ['seller', 'partner'], position, limit + 1);
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return {
      items: await this.withOwners(page),
      nextCursor: found.length > limit && last ? this.cursors.encode(list, [last.kind, last.user.email, last.user.id]) : null,
    };
  }

  private decodePosition(list: string, cursor: string): Position {
    const [kind, email, id] = this.cursors.decode(list, cursor);
    if ((kind !== 'seller' && kind !== 'partner') || typeof email !== 'string' || typeof id !== 'string') {
      throw new ValidationFailedError('The cursor is not valid for this list.', [{ field: 'cursor', message: 'invalid cursor' }]);
    }
    return { kind, email, id };
  }

  /** Up to `wanted` users of these kinds (in this order) after the position. */
  private async usersAfter(kinds: UserKind[], position: Position | null, wanted: number): Promise<Found[]> {
    const found: Found[] = [];
    for (const kind of kinds) {
      if (position?.kind === 'partner' && kind === 'seller') continue;
      const left = wanted - found.length;
      if (left <= 0) break;
      const after = position?.kind === kind ? { email: position.email, id: position.id } : null;
      if (kind === 'seller') found.push(...(await this.accounts.listUsersAfter(after, left)).map((user) => ({ kind, user })));
      else found.push(...(await this.partners.listUsersAfter(after, left)).map((user) => ({ kind, user })));
    }
    return found;
  }

  private async withOwners(page: Found[]): Promise<DirectoryEntry[]> {
    const accounts = await this.accounts.getAccounts(page.flatMap((row) => (row.kind === 'seller' ? [row.user.accountId] : [])));
    const partners = await this.partners.getMany(page.flatMap((row) => (row.kind === 'partner' ? [row.user.partnerId] : [])));
    return page.map((row) =>
      row.kind === 'seller'
        ? { ...row.user, kind: row.kind, account: { id: row.user.accountId, name: accounts.get(row.user.accountId)?.name ?? '' } }
        : { ...row.user, kind: row.kind, partner: { id: row.user.partnerId, name: partners.get(row.user.partnerId)?.name ?? '' } },
    );
  }
}
