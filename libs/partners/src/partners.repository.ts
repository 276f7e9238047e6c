import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { KeyedReads } from '@app/common';
import { Sql } from '@app/database';
import { parseScopes, type AccessScope } from './access-scopes.js';
import { deleteNamePostings, insertNamePostings, lockTrigramCounts } from './name-postings.js';
import { PartnerEntity } from './partner.entity.js';
import { PartnerUserEntity } from './partner-user.entity.js';

export interface PartnerContacts {
  email: string;
  phone: string | null;
  website: string | null;
}

/** A partner as the catalogue shows it to sellers. */
export interface CataloguePartner {
  id: string;
  name: string;
  description: string;
  certified: boolean;
  contacts: PartnerContacts;
  services: string[];
  /** What a binding with this partner may grant (docs/API.md#scopes). */
  scopes: AccessScope[];
}

/** A partner as the operator sees it. */
export interface PartnerView extends CataloguePartner {
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PartnerUserView {
  id: string;
  email: string;
  name: string;
  partnerId: string;
  active: boolean;
  /** The `sub` of this user's tokens from the marketplace's identity provider, or null. */
  externalSubject: string | null;
}

/** A partner user as authentication needs them: the view plus the moment before which their tokens are refused. */
export interface PartnerUserRecord extends PartnerUserView {
  tokensValidAfter: Date | null;
}

/** A catalogue entry walked: its partner's id and name (the keyset), and the partner when it matches the query. */
export interface WalkedEntry {
  id: string;
  name: string;
  partner: CataloguePartner | null;
}

/** The posting tables a catalogue walk reads: 3-character windows, or the 1- and 2-character ones of short queries. */
export type PostingTable = 'partner_name_trigrams' | 'partner_name_bigrams';
const POSTING_WINDOW: Record<PostingTable, string> = { partner_name_trigrams: 'trigram', partner_name_bigrams: 'gram' };

const CATALOGUE_COLUMN_NAMES = ['id', 'name', 'description', 'certified', 'contact_email', 'contact_phone', 'contact_website', 'services', 'scopes'];
const CATALOGUE_COLUMNS = CATALOGUE_COLUMN_NAMES.join(', ');
/** The catalogue columns of `alias` in a join (same names as CATALOGUE_COLUMNS). */
const joinedColumns = (alias: string) => CATALOGUE_COLUMN_NAMES.map((column) => `${alias}.${column}`).join(', ');
const PARTNER_COLUMNS = `${CATALOGUE_COLUMNS}, webhook_url, created_at, updated_at`;
const USER_COLUMNS = 'id, partner_id, email, name, active, external_subject, tokens_valid_after';
/** At most this many users are read by one statement of the guard's look-up (a bounded IN list of primary keys). */
const USERS_PER_STATEMENT = 64;
/** At most this many callers' partners are read by one statement (each asks for a page's worth). */
const PAGES_PER_STATEMENT = 16;

interface CatalogueRow {
  id: string;
  name: string;
  description: string;
  certified: number | boolean;
  contact_email: string;
  contact_phone: string | null;
  contact_website: string | null;
  services: string | string[] | null;
  scopes: string | string[] | null;
}

/** A walked entry with its partner's catalogue columns (NULL unless the entry matched). */
interface WalkedRow extends Partial<Omit<CatalogueRow, 'id'>> {
  entry_id: string;
  entry_name: string;
  hit: number | string;
  id: string | null;
}

interface PartnerRow extends CatalogueRow {
  webhook_url: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

interface PartnerUserRow {
  id: string;
  partner_id: string;
  email: string;
  name: string;
  active: number | boolean;
  external_subject: string | null;
  tokens_valid_after: Date | string | null;
}

const toCatalogue = (row: CatalogueRow): CataloguePartner => ({
  id: row.id,
  name: row.name,
  description: row.description,
  certified: Boolean(row.certified),
  contacts: { email: row.contact_email, phone: row.contact_phone, website: row.contact_website },
  // MariaDB keeps JSON as text; MySQL returns it parsed.
  services: typeof row.services === 'string' ? (JSON.parse(row.services) as string[]) : (row.services ?? []),
  scopes: parseScopes(row.scopes),
});

const toPartnerView = (row: PartnerRow): PartnerView => ({
  ...toCatalogue(row),
  webhookUrl: row.webhook_url,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

const toUserRecord = (row: PartnerUserRow): PartnerUserRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  partnerId: row.partner_id,
  active: Boolean(row.active),
  externalSubject: row.external_subject,
  tokensValidAfter: row.tokens_valid_after ? new Date(row.tokens_valid_after) : null,
});

/** The view of a record: what the API shows of a partner user (no token cut-off). */
export const partnerUserView = ({ tokensValidAfter: _, ...view }: PartnerUserRecord): PartnerUserView => view;

/** A partner view's settable fields as the entity names them (the one view → columns mapping, for writes). */
const partnerColumns = (p: PartnerView) => ({
  name: p.name,
  description: p.description,
  certified: p.certified,
  contactEmail: p.contacts.email,
  contactPhone: p.contacts.phone,
  contactWebsite: p.contacts.website,
  services: p.services,
  scopes: p.scopes,
});

/**
 * The partners module's data access: the only place that knows its tables and columns. Hot reads
 * (a "Turn On"'s partner check, the catalogue pages and search walks, the guard's user read) are
 * plain SQL; writes go through TypeORM (operator and partner settings, not hot). A partner's name
 * postings (partner_name_trigrams, partner_name_bigrams) change in the same transaction as its name or certification.
 */
@Injectable()
export class PartnersRepository {
  constructor(
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
    @InjectRepository(PartnerUserEntity) private readonly users: Repository<PartnerUserEntity>,
    @Inject(Sql) private readonly sql: Sql,
  ) {}

  /**
   * Concurrent look-ups of a user by id share one `SELECT … WHERE id IN (…)` (the guard reads the row on
   * every partner request). Still the live row, never a cached one: each look-up is carried by a
   * statement sent after it was asked (see Coalescer), so a deactivation or token cut-off committed
   * before a request is seen by it.
   */
  private readonly usersById = new KeyedReads(
    (userIds: string[]) =>
      this.sql.select<PartnerUserRow>(`SELECT ${USER_COLUMNS} FROM partner_users WHERE id IN (${userIds.map(() => '?').join(', ')})`, userIds),
    (row) => row.id,
    USERS_PER_STATEMENT,
  );

  /** Catalogue entries by id (Helpful Contacts on every read): concurrent pages share one `SELECT … WHERE id IN (…)`. */
  private readonly partnersById = new KeyedReads(
    (partnerIds: string[]) =>
      this.sql.select<CatalogueRow>(`SELECT ${CATALOGUE_COLUMNS} FROM partners WHERE id IN (${partnerIds.map(() => '?').join(', ')})`, partnerIds),
    (row) => row.id,
    PAGES_PER_STATEMENT,
  );

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.partners.manager.transaction(work);
  }

  // ---- partners -------------------------------------------------------------------------

  /** A new partner with its name postings, in one transaction. */
  async insertPartner(partner: PartnerView, sealedWebhookSecret: string): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.insert(PartnerEntity, {
        id: partner.id,
        ...partnerColumns(partner),
        webhookUrl: partner.webhookUrl,
        webhookSecret: sealedWebhookSecret,
        createdAt: new Date(partner.createdAt),
        updatedAt: new Date(partner.updatedAt),
      });
      await insertNamePostings(tx, partner);
    });
  }

  /** A partner as stored; with `lock`, the row is locked FOR UPDATE in the caller's transaction `tx`. */
  async findPartner(partnerId: string, tx?: EntityManager, lock = false): Promise<PartnerView | null> {
    const query = `SELECT ${PARTNER_COLUMNS} FROM partners WHERE id = ? LIMIT 1${lock ? ' FOR UPDATE' : ''}`;
    const [row]: PartnerRow[] = tx ? await tx.query(query, [partnerId]) : await this.sql.select<PartnerRow>(query, [partnerId]);
    return row ? toPartnerView(row) : null;
  }

  /**
   * Writes the fields in which `after` differs from `before` (only those: a concurrent change of another
   * field, or of the webhook settings, is not overwritten); a new name or certification replaces the
   * postings (give `tx` then).
   */
  async updatePartner(tx: EntityManager | undefined, before: PartnerView, after: PartnerView): Promise<void> {
    const manager = tx ?? this.partners.manager;
    if (after.name !== before.name || after.certified !== before.certified) {
      // Delete by the full primary key, insert the new postings (same transaction as the update below).
      await lockTrigramCounts(manager, [before, after]);
      await deleteNamePostings(manager, before);
      await insertNamePostings(manager, after);
    }
    const [was, is] = [partnerColumns(before), partnerColumns(after)];
    const changed = Object.fromEntries(
      Object.entries(is).filter(([column, value]) => JSON.stringify(value) !== JSON.stringify(was[column as keyof typeof was])),
    );
    await manager.update(PartnerEntity, { id: before.id }, { ...changed, updatedAt: new Date(after.updatedAt) });
  }

  /** One certified partner (catalogue fields), or null. */
  async findCertified(partnerId: string): Promise<CataloguePartner | null> {
    const [row] = await this.sql.select<CatalogueRow>(`SELECT ${CATALOGUE_COLUMNS} FROM partners WHERE id = ? AND certified = 1 LIMIT 1`, [partnerId]);
    return row ? toCatalogue(row) : null;
  }

  /** The catalogue entries of these partners whatever their certification (those that exist, in no particular order). */
  async findMany(partnerIds: readonly string[]): Promise<CataloguePartner[]> {
    return (await this.partnersById.ofEach(partnerIds)).flat().map(toCatalogue);
  }

  /** The partner's webhook URL and its sealed secret. */
  async findWebhook(partnerId: string): Promise<{ id: string; url: string | null; sealedSecret: string } | null> {
    const [row] = await this.sql.select<{ id: string; webhook_url: string | null; webhook_secret: string }>(
      'SELECT id, webhook_url, webhook_secret FROM partners WHERE id = ? LIMIT 1',
      [partnerId],
    );
    return row ? { id: row.id, url: row.webhook_url, sealedSecret: row.webhook_secret } : null;
  }

  /** Sets the webhook URL or the sealed secret; false when there is no such partner. */
  async updateWebhook(partnerId: string, changes: { url: string } | { sealedSecret: string }): Promise<boolean> {
    const columns = 'url' in changes ? { webhookUrl: changes.url } : { webhookSecret: changes.sealedSecret };
    const result = await this.partners.update({ id: partnerId }, { ...columns, updatedAt: new Date() });
    return Boolean(result.affected);
  }

  // ---- catalogue search (the posting tables and the (certified, name, id) index) -------------

  /**
   * The query's window with the fewest certified postings (partner_name_trigram_counts; ties to the earlier
   * window; the most with `commonest`), and, when it has at most `budget`, up to `limit` certified partners of its
   * postings whose name is LIKE `like`, in (name, id) order after the keyset, with their catalogue fields (the
   * postings are filtered on their own name and only the matches are looked up in partners). `matches` is null
   * when the window has more postings than `budget` (the caller walks them then).
   *
   * A first page is one statement: the counts choose the postings on the server, without a round trip between them
   * (one read view, so both references to the counts see the same ones). A page after a cursor takes two: the
   * optimizer can seek to the cursor only in the postings of a window given as a constant, not of one chosen in the
   * same statement (it would read the window's postings from their start).
   */
  async rarestWindowMatching(
    grams: readonly string[],
    like: string,
    after: readonly unknown[] | null,
    limit: number,
    budget: number,
    commonest = false,
  ): Promise<{ index: number; postings: number; matches: CataloguePartner[] | null }> {
    // One primary-key look-up per window, so each count is matched to its window under the column's collation.
    const counts = grams.map((_, i) => `SELECT ${i} AS i, (SELECT postings FROM partner_name_trigram_counts WHERE trigram = ?) AS n`).join(' UNION ALL ');
    const chosen = `WITH counts AS (${counts}), chosen AS (SELECT i, COALESCE(n, 0) AS n FROM counts ORDER BY COALESCE(n, 0) ${commonest ? 'DESC' : 'ASC'}, i ASC LIMIT 1)`;
    const keyset = after ? 'AND (t.name > ? OR (t.name = ? AND t.partner_id > ?))' : '';
    const postings = (window: string) =>
      `SELECT ${joinedColumns('p')} FROM partner_name_trigrams t JOIN partners p ON p.id = t.partner_id WHERE t.trigram = ${window} AND t.certified = 1 ${keyset} AND t.name LIKE ? ORDER BY t.name ASC, t.partner_id ASC LIMIT ${limit}`;
    if (after) {
      const [window] = await this.sql.select<{ i: number | string; n: number | string }>(`${chosen} SELECT i, n FROM chosen`, [...grams]);
      const [index, count] = [Number(window!.i), Number(window!.n)];
      if (count > budget) return { index, postings: count, matches: null };
      const rows = await this.sql.select<CatalogueRow>(postings('?'), [grams[index], after[0], after[0], after[1], like]);
      return { index, postings: count, matches: rows.map(toCatalogue) };
    }
    // The chosen window is named by its position (ELT of the windows as sent: they compare under the postings'
    // collation); none when it has more postings than the budget. The LIMIT is in the derived table, so the postings
    // are read in index order and the read stops after `limit` matches.
    const rows = await this.sql.select<Partial<CatalogueRow> & { window_index: number | string; window_postings: number | string }>(
      `${chosen} SELECT w.i AS window_index, w.n AS window_postings, m.* FROM chosen w
       LEFT JOIN (${postings(`ELT((SELECT i + 1 FROM chosen WHERE n <= ?), ${grams.map(() => '?').join(', ')})`)}) m ON 1 = 1
       ORDER BY m.name ASC, m.id ASC`,
      [...grams, budget, ...grams, like],
    );
    const [index, count] = [Number(rows[0]!.window_index), Number(rows[0]!.window_postings)];
    return {
      index,
      postings: count,
      matches: count > budget ? null : rows.filter((row) => row.id != null).map((row) => toCatalogue(row as CatalogueRow)),
    };
  }

  /**
   * `size` entries in (name, id) order after `position`: a window's certified postings (`from` names the
   * posting table), or without a window the certified partners' index. Each entry says whether its name
   * is LIKE `like` (evaluated on the entry, not used to skip: `size` counts entries read), and only those
   * that are carry the partner's catalogue fields, looked up in the same statement.
   */
  async walkEntries(
    from: PostingTable | null,
    gram: string | null,
    like: string | undefined,
    position: readonly [string, string] | null,
    size: number,
  ): Promise<WalkedEntry[]> {
    const hit = like === undefined ? 'IS NOT NULL' : 'LIKE ?';
    const [entries, window, entryId] =
      from === null || gram === null
        ? ['partners e FORCE INDEX (idx_partners_catalogue)', '', 'e.id']
        : [`${from} e`, `e.${POSTING_WINDOW[from]} = ? AND `, 'e.partner_id'];
    const keyset = position ? `AND (e.name > ? OR (e.name = ? AND ${entryId} > ?))` : '';
    // The ON condition that repeats the hit test keeps the look-up of partners to the matching entries.
    const rows = await this.sql.select<WalkedRow>(
      `SELECT ${entryId} AS entry_id, e.name AS entry_name, e.name ${hit} AS hit, ${joinedColumns('p')} FROM ${entries} LEFT JOIN partners p ON p.id = ${entryId} AND e.name ${hit} WHERE ${window}e.certified = 1 ${keyset} ORDER BY e.name ASC, ${entryId} ASC LIMIT ${size}`,
      [...(like === undefined ? [] : [like, like]), ...(window ? [gram] : []), ...(position ? [position[0], position[0], position[1]] : [])],
    );
    return rows.map((row) => ({
      id: row.entry_id,
      name: row.entry_name,
      partner: Number(row.hit) === 1 && row.id !== null ? toCatalogue(row as CatalogueRow) : null,
    }));
  }

  // ---- partner users --------------------------------------------------------------------

  /** Throws the driver's duplicate-key error when the e-mail or external subject is taken. */
  async insertUser(user: PartnerUserView, at: Date): Promise<void> {
    await this.users.insert({ ...user, tokensValidAfter: null, createdAt: at });
  }

  /** A user by id (of a partner when given). */
  async findUser(userId: string, partnerId?: string): Promise<PartnerUserRecord | null> {
    const [row] =
      partnerId === undefined
        ? await this.usersById.of(userId)
        : await this.sql.select<PartnerUserRow>(`SELECT ${USER_COLUMNS} FROM partner_users WHERE id = ? AND partner_id = ? LIMIT 1`, [userId, partnerId]);
    return row ? toUserRecord(row) : null;
  }

  async findUserByExternalSubject(subject: string): Promise<PartnerUserRecord | null> {
    const [row] = await this.sql.select<PartnerUserRow>(`SELECT ${USER_COLUMNS} FROM partner_users WHERE external_subject = ? LIMIT 1`, [subject]);
    return row ? toUserRecord(row) : null;
  }

  /** Partner users of every partner by (e-mail, id), after `after`. */
  async listUsersAfter(after: { email: string; id: string } | null, limit: number): Promise<PartnerUserView[]> {
    const rows = await this.sql.select<PartnerUserRow>(
      `SELECT ${USER_COLUMNS} FROM partner_users${after ? ' WHERE (email > ? OR (email = ? AND id > ?))' : ''} ORDER BY email ASC, id ASC LIMIT ?`,
      [...(after ? [after.email, after.email, after.id] : []), limit],
    );
    return rows.map((row) => partnerUserView(toUserRecord(row)));
  }

  /**
   * Writes a user's active flag and external subject; `revokeTokens` moves the token cut-off to the
   * database's clock (NOW(3), the one token issue times are compared with, see TokenService).
   * Throws the driver's duplicate-key error when the external subject is taken.
   */
  async updateUser(user: Pick<PartnerUserView, 'id' | 'active' | 'externalSubject'>, revokeTokens: boolean): Promise<void> {
    await this.users.update(
      { id: user.id },
      { active: user.active, externalSubject: user.externalSubject, ...(revokeTokens && { tokensValidAfter: () => 'NOW(3)' }) },
    );
  }
}
