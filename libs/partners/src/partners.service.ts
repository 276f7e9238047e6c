import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { CursorCodec, DomainError, NotFoundError, SecretBox, newId, rowSecretContext, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Sql, isDuplicateKey, isDuplicateKeyOn } from '@app/database';
import { ACCESS_SCOPES, canonicalScopes, parseScopes, type AccessScope } from './access-scopes.js';
import { charLength, deleteNameTrigrams, insertNameTrigrams, nameTrigrams } from './name-trigrams.js';
import { PartnerEntity } from './partner.entity.js';
import { PartnerUserEntity } from './partner-user.entity.js';
import { WebhookHostResolver } from './webhook-host-resolver.js';
import { loopbackWebhooksAllowed, validateWebhookUrl } from './webhook-url.js';

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

export interface NewPartner {
  name: string;
  description?: string;
  certified: boolean;
  contacts: { email: string; phone?: string; website?: string };
  services?: string[];
  /** Default: the whole vocabulary. */
  scopes?: readonly string[];
  webhookUrl?: string;
}

export type PartnerChanges = Partial<Omit<NewPartner, 'webhookUrl'>>;

/** Where and how to tell a partner about an event. */
export interface NoticeEndpoint {
  url: string | null;
  secret: string;
}

const CATALOGUE_COLUMNS = 'id, name, description, certified, contact_email, contact_phone, contact_website, services, scopes';

interface CatalogueRow {
  id: string;
  name: string;
  description: string;
  certified: number;
  contact_email: string;
  contact_phone: string | null;
  contact_website: string | null;
  services: string | string[] | null;
  scopes: string | string[] | null;
}

const rowToCatalogue = (row: CatalogueRow): CataloguePartner => ({
  id: row.id,
  name: row.name,
  description: row.description,
  certified: Boolean(row.certified),
  contacts: { email: row.contact_email, phone: row.contact_phone, website: row.contact_website },
  // MariaDB keeps JSON as text; MySQL returns it parsed.
  services: typeof row.services === 'string' ? (JSON.parse(row.services) as string[]) : (row.services ?? []),
  scopes: parseScopes(row.scopes),
});

const toCatalogue = (p: PartnerEntity): CataloguePartner => ({
  id: p.id,
  name: p.name,
  description: p.description,
  certified: p.certified,
  contacts: { email: p.contactEmail, phone: p.contactPhone, website: p.contactWebsite },
  services: p.services ?? [],
  scopes: parseScopes(p.scopes),
});

const toView = (p: PartnerEntity): PartnerView => ({
  ...toCatalogue(p),
  webhookUrl: p.webhookUrl,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const toUserView = (u: PartnerUserEntity): PartnerUserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  partnerId: u.partnerId,
  active: Boolean(u.active),
  externalSubject: u.externalSubject ?? null,
});

const toUserRecord = (u: PartnerUserEntity): PartnerUserRecord => ({ ...toUserView(u), tokensValidAfter: u.tokensValidAfter ?? null });

const userTakenError = (error: unknown): unknown => {
  if (isDuplicateKeyOn(error, 'uq_partner_users_external_subject')) return new DomainError('EXTERNAL_SUBJECT_TAKEN', 'Another user already has this external subject.');
  if (isDuplicateKey(error)) return new DomainError('EMAIL_TAKEN', 'A user with this e-mail already exists.');
  return error;
};

const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** The stored webhook secret is sealed; the partner's id binds it to its row. */
const webhookSecretContext = (partnerId: string) => rowSecretContext('partners', 'webhook_secret', partnerId);

/** LIKE treats % and _ as wildcards; a partner called "100%_Digital" must match itself only. */
const likeSubstring = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Each sampled window's certified postings are counted up to this many (a bounded walk of the
 * primary key) to choose the rarest window. Counting costs about as much per posting as the search
 * walk itself, so a high cap costs more than it saves: the postings are in name order, so a common
 * window still stops after a page when matches are dense, and only a query made of common windows
 * with few or late matches walks more. The measurements behind 500 are in BENCHMARKS.md.
 */
export const TRIGRAM_COUNT_CAP = 500;

/** A long query has its windows sampled down to this many, so counting stays bounded however long it is. */
export const MAX_COUNTED_WINDOWS = 8;

/**
 * The most index entries one catalogue request walks (trigram postings, or the name index for a query
 * under 3 characters) when its window is common or it has none. A request that reaches it answers with
 * the matches found so far and a cursor from where it stopped, so every query shape (no match at all,
 * common words in an order no name has) costs at most this much per request.
 */
export const CATALOGUE_SCAN_BUDGET = 2_000;

/** The walk reads its budget in growing chunks: a dense query stops after the first. */
const WALK_CHUNKS = [100, 400, 1_500];

/**
 * How a query of 3+ characters is answered. 'rarest' is the service's plan; the others answer the
 * same items, order and cursors more slowly, which the catalogue search test checks by running the
 * service under each: 'commonest' reads the postings of the query's most common sampled window,
 * 'scan' walks the (certified, name, id) index (the plan of queries under 3 characters).
 */
export type CataloguePlan = 'rarest' | 'commonest' | 'scan';

/** The CataloguePlan the service runs with: 'rarest' (PartnersModule); a test module may provide another. */
export const CATALOGUE_PLAN = Symbol('CATALOGUE_PLAN');

/** A catalogue entry walked: the partner, its name (the keyset) and whether it matches the query. */
interface WalkedEntry {
  id: string;
  name: string;
  hit: number | string;
}

/** The partner catalogue, partner users and partners' notice endpoints. */
@Injectable()
export class PartnersService {
  private readonly cursors: CursorCodec;
  private readonly webhookHosts: WebhookHostResolver;
  /** See CATALOGUE_SCAN_BUDGET; tests change it to check that resuming from a partial page loses nothing. */
  catalogueScanBudget = CATALOGUE_SCAN_BUDGET;

  constructor(
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
    @InjectRepository(PartnerUserEntity) private readonly users: Repository<PartnerUserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Sql) private readonly sql: Sql,
    @Inject(CATALOGUE_PLAN) private readonly cataloguePlan: CataloguePlan,
    @Inject(SecretBox) private readonly secrets: SecretBox,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
    this.webhookHosts = new WebhookHostResolver({ servers: config.webhook.dnsServers, timeoutMs: config.webhook.dnsTimeoutMs });
  }

  /** A partner's notice URL as it may be stored: https to a public host (or http to loopback in development). */
  private checkWebhookUrl(raw: string, field?: string): Promise<string> {
    return validateWebhookUrl(raw, loopbackWebhooksAllowed(this.config), this.webhookHosts, field);
  }

  async createPartner(input: NewPartner): Promise<PartnerView & { webhookSecret: string }> {
    const webhookUrl = input.webhookUrl === undefined ? null : await this.checkWebhookUrl(input.webhookUrl, 'webhookUrl');
    const now = new Date();
    const id = newId();
    const webhookSecret = newWebhookSecret();
    const partner = this.partners.create({
      id,
      name: input.name,
      description: input.description ?? '',
      certified: input.certified,
      contactEmail: input.contacts.email,
      contactPhone: input.contacts.phone ?? null,
      contactWebsite: input.contacts.website ?? null,
      services: input.services ?? [],
      scopes: input.scopes ? canonicalScopes(input.scopes) : [...ACCESS_SCOPES],
      webhookUrl,
      webhookSecret: this.secrets.seal(webhookSecret, webhookSecretContext(id)),
      createdAt: now,
      updatedAt: now,
    });
    // The trigram index changes with the name, in the same transaction.
    await this.partners.manager.transaction(async (tx) => {
      await tx.insert(PartnerEntity, partner);
      await insertNameTrigrams(tx, partner);
    });
    return { ...toView(partner), webhookSecret };
  }

  async updatePartner(partnerId: string, changes: PartnerChanges): Promise<PartnerView> {
    if (changes.name === undefined && changes.certified === undefined) return this.applyChanges(this.partners.manager, partnerId, changes);
    // A rename or a certification change rewrites the partner's postings (they carry name and certified):
    // lock the row so the name and certification read here are the ones replaced.
    return this.partners.manager.transaction(async (tx) => this.applyChanges(tx, partnerId, changes));
  }

  private async applyChanges(manager: EntityManager, partnerId: string, changes: PartnerChanges): Promise<PartnerView> {
    const indexed = changes.name !== undefined || changes.certified !== undefined;
    const partner = await manager.findOne(PartnerEntity, { where: { id: partnerId }, ...(indexed && { lock: { mode: 'pessimistic_write' as const } }) });
    if (!partner) throw new NotFoundError('Partner');
    const before = { id: partner.id, name: partner.name, certified: Boolean(partner.certified) };
    const after = { id: partner.id, name: changes.name ?? partner.name, certified: changes.certified ?? Boolean(partner.certified) };
    if (after.name !== before.name || after.certified !== before.certified) {
      // Delete by the full primary key, insert the new postings (same transaction as the save below).
      await deleteNameTrigrams(manager, before);
      await insertNameTrigrams(manager, after);
    }
    if (changes.name !== undefined) partner.name = changes.name;
    if (changes.description !== undefined) partner.description = changes.description;
    if (changes.certified !== undefined) partner.certified = changes.certified;
    if (changes.services !== undefined) partner.services = changes.services;
    if (changes.scopes !== undefined) partner.scopes = canonicalScopes(changes.scopes);
    if (changes.contacts !== undefined) {
      partner.contactEmail = changes.contacts.email;
      partner.contactPhone = changes.contacts.phone ?? null;
      partner.contactWebsite = changes.contacts.website ?? null;
    }
    partner.updatedAt = new Date();
    await manager.save(partner);
    return toView(partner);
  }

  async createUser(partnerId: string, input: { email: string; name: string; externalSubject?: string }): Promise<PartnerUserView> {
    if (!(await this.partners.existsBy({ id: partnerId }))) throw new NotFoundError('Partner');
    const user = this.users.create({
      id: newId(),
      partnerId,
      email: input.email.toLowerCase(),
      name: input.name,
      active: true,
      externalSubject: input.externalSubject ?? null,
      tokensValidAfter: null,
      createdAt: new Date(),
    });
    try {
      await this.users.insert(user);
    } catch (error) {
      throw userTakenError(error);
    }
    return toUserView(user);
  }

  /** The live row, with the moment before which the user's tokens are refused (authorisation reads it on every request). */
  async findUser(userId: string): Promise<PartnerUserRecord | null> {
    const user = await this.users.findOneBy({ id: userId });
    return user ? toUserRecord(user) : null;
  }

  /** The user the identity provider's subject is mapped to (authorisation of its tokens). */
  async findUserByExternalSubject(subject: string): Promise<PartnerUserRecord | null> {
    const user = await this.users.findOneBy({ externalSubject: subject });
    return user ? toUserRecord(user) : null;
  }

  /** Partner users of every partner by e-mail, after `after` (the operator's user list, e.g. the cabinet's demo picker). */
  async listUsersAfter(after: { email: string; id: string } | null, limit: number): Promise<PartnerUserView[]> {
    const builder = this.users.createQueryBuilder('u');
    if (after) builder.where('(u.email > :email OR (u.email = :email AND u.id > :id))', after);
    const rows = await builder.orderBy('u.email', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).getMany();
    return rows.map(toUserView);
  }

  /** Deactivating revokes every token issued until now (reactivating does not bring them back). */
  async updateUser(partnerId: string, userId: string, changes: { active?: boolean; externalSubject?: string | null }): Promise<PartnerUserView> {
    const user = await this.users.findOneBy({ id: userId, partnerId });
    if (!user) throw new NotFoundError('User');
    if (changes.active !== undefined) user.active = changes.active;
    if (changes.externalSubject !== undefined) user.externalSubject = changes.externalSubject;
    try {
      // NOW(3): the database's clock, the one token issue times are compared with (see TokenService).
      await this.users.update({ id: userId }, { active: user.active, externalSubject: user.externalSubject, ...(changes.active === false && { tokensValidAfter: () => 'NOW(3)' }) });
    } catch (error) {
      throw userTakenError(error);
    }
    return toUserView(user);
  }

  /**
   * Certified partners whose name contains `query` (case-insensitive, accent-insensitive: the
   * column's collation), by name. A query of 3+ characters whose rarest sampled window has few
   * postings reads all of them (they hold every match, carry the name and are kept in (certified,
   * name, id) order) from the cursor on, checks LIKE on each and stops after a page. A query whose
   * windows are all common, or shorter than 3 characters, walks postings or the (certified, name, id)
   * index in name order within CATALOGUE_SCAN_BUDGET entries. Partners are then read for the page only.
   */
  async searchCatalogue(query: string | undefined, limit: number, cursor: string | undefined): Promise<Page<CataloguePartner>> {
    const after = cursor ? this.cursors.decode('catalogue', cursor) : null;
    const q = query?.trim() || undefined;
    const window = q ? await this.pickTrigram(q) : null;
    let matches: Array<{ id: string; name: string }>;
    let stoppedAt: [string, string] | null = null;
    if (window && window.postings < TRIGRAM_COUNT_CAP) {
      matches = await this.searchPostings(window.gram, q!, limit, after);
    } else {
      ({ matches, stoppedAt } = await this.walkCatalogue(window?.gram ?? null, q, limit, after));
    }
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    const resumeAfter = matches.length > limit && last ? [last.name, last.id] : stoppedAt;
    const partners = await this.getMany(page.map((match) => match.id));
    return { items: page.map((match) => partners.get(match.id)!).filter(Boolean), nextCursor: resumeAfter ? this.cursors.encode('catalogue', resumeAfter) : null };
  }

  /** Up to limit + 1 matches from one trigram's certified postings (fewer than TRIGRAM_COUNT_CAP), in (name, id) order after the cursor. */
  private async searchPostings(gram: string, q: string, limit: number, after: unknown[] | null): Promise<Array<{ id: string; name: string }>> {
    const keyset = after ? 'AND (t.name > ? OR (t.name = ? AND t.partner_id > ?))' : '';
    return this.sql.select<{ id: string; name: string }>(
      `SELECT t.partner_id AS id, t.name FROM partner_name_trigrams t WHERE t.trigram = ? AND t.certified = 1 ${keyset} AND t.name LIKE ? ORDER BY t.name ASC, t.partner_id ASC LIMIT ${limit + 1}`,
      [gram, ...(after ? [after[0], after[0], after[1]] : []), likeSubstring(q)],
    );
  }

  /**
   * Walks a trigram's certified postings (or, without one, the (certified, name, id) index) in name
   * order after the cursor, in chunks, until limit + 1 matches or the scan budget: the entries read are
   * bounded whatever the query. `stoppedAt` is the last entry read when the budget ran out first.
   */
  private async walkCatalogue(gram: string | null, q: string | undefined, limit: number, after: unknown[] | null): Promise<{ matches: Array<{ id: string; name: string }>; stoppedAt: [string, string] | null }> {
    const matches: Array<{ id: string; name: string }> = [];
    // LIKE is evaluated on each entry read (index columns only), not used to skip entries: the chunk's LIMIT counts entries read.
    const hit = q ? 'LIKE ?' : 'IS NOT NULL';
    const hitValues = q ? [likeSubstring(q)] : [];
    let position = after as [string, string] | null;
    let budget = this.catalogueScanBudget;
    for (let chunk = 0; budget > 0; chunk++) {
      const size = Math.min(budget, WALK_CHUNKS[Math.min(chunk, WALK_CHUNKS.length - 1)]!);
      const keysetValues = position ? [position[0], position[0], position[1]] : [];
      const entries =
        gram !== null
          ? await this.sql.select<WalkedEntry>(
              `SELECT t.partner_id AS id, t.name, t.name ${hit} AS hit FROM partner_name_trigrams t WHERE t.trigram = ? AND t.certified = 1 ${position ? 'AND (t.name > ? OR (t.name = ? AND t.partner_id > ?))' : ''} ORDER BY t.name ASC, t.partner_id ASC LIMIT ${size}`,
              [...hitValues, gram, ...keysetValues],
            )
          : await this.sql.select<WalkedEntry>(
              `SELECT p.id, p.name, p.name ${hit} AS hit FROM partners p FORCE INDEX (idx_partners_catalogue) WHERE p.certified = 1 ${position ? 'AND (p.name > ? OR (p.name = ? AND p.id > ?))' : ''} ORDER BY p.name ASC, p.id ASC LIMIT ${size}`,
              [...hitValues, ...keysetValues],
            );
      for (const entry of entries) {
        if (Number(entry.hit) !== 1) continue;
        matches.push({ id: entry.id, name: entry.name });
        if (matches.length > limit) return { matches, stoppedAt: null };
      }
      if (entries.length < size) return { matches, stoppedAt: null };
      const last = entries.at(-1)!;
      position = [last.name, last.id];
      budget -= size;
    }
    return { matches, stoppedAt: position };
  }

  /**
   * The window whose postings answer the query and how many it has (capped at TRIGRAM_COUNT_CAP): the
   * one with the fewest certified postings among the sampled windows (ties to the earlier window); null
   * for a query shorter than 3 characters. One statement; each count stops at the cap.
   */
  private async pickTrigram(q: string): Promise<{ gram: string; postings: number } | null> {
    if (charLength(q) < 3 || this.cataloguePlan === 'scan') return null;
    // About every third window (and the last) covers every part of q, so a rare part still shows up,
    // and a long query costs a third of the look-ups (at most MAX_COUNTED_WINDOWS). Any window's postings hold every match.
    const all = nameTrigrams(q);
    const sampled = [...new Set([...all.filter((_, i) => i % 3 === 0), all.at(-1)!])];
    const grams = sampled.length <= MAX_COUNTED_WINDOWS ? sampled : Array.from({ length: MAX_COUNTED_WINDOWS }, (_, k) => sampled[Math.round((k * (sampled.length - 1)) / (MAX_COUNTED_WINDOWS - 1))]!);
    const cap = TRIGRAM_COUNT_CAP;
    const counts: Array<{ i: string | number; n: string | number }> = await this.sql.select(
      grams.map((_, i) => `SELECT ${i} AS i, COUNT(*) AS n FROM (SELECT 1 FROM partner_name_trigrams WHERE trigram = ? AND certified = 1 LIMIT ${cap}) c${i}`).join(' UNION ALL '),
      grams,
    );
    const sign = this.cataloguePlan === 'commonest' ? -1 : 1;
    let best: { i: number; n: number } | null = null;
    for (const row of counts) {
      const i = Number(row.i);
      const n = sign * Number(row.n);
      if (best === null || n < best.n || (n === best.n && i < best.i)) best = { i, n };
    }
    return { gram: grams[best!.i]!, postings: Math.abs(best!.n) };
  }

  /** One certified partner, or null (a decertified partner is not in the catalogue). */
  async getCertified(partnerId: string): Promise<CataloguePartner | null> {
    // Plain SQL: every "Turn On" asks this.
    const [row] = await this.sql.select<CatalogueRow>(`SELECT ${CATALOGUE_COLUMNS} FROM partners WHERE id = ? AND certified = 1 LIMIT 1`, [partnerId]);
    return row ? rowToCatalogue(row) : null;
  }

  async getPartner(partnerId: string): Promise<PartnerView | null> {
    const partner = await this.partners.findOneBy({ id: partnerId });
    return partner ? toView(partner) : null;
  }

  /** Partners by id whatever their certification (bound partners stay visible to their clients). */
  async getMany(partnerIds: string[]): Promise<Map<string, CataloguePartner>> {
    if (partnerIds.length === 0) return new Map();
    const ids = [...new Set(partnerIds)];
    const rows = await this.sql.select<CatalogueRow>(`SELECT ${CATALOGUE_COLUMNS} FROM partners WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    return new Map(rows.map((row) => [row.id, rowToCatalogue(row)]));
  }

  async getNoticeEndpoint(partnerId: string): Promise<NoticeEndpoint | null> {
    const partner = await this.partners.findOne({ where: { id: partnerId }, select: { id: true, webhookUrl: true, webhookSecret: true } });
    return partner ? { url: partner.webhookUrl, secret: this.secrets.open(partner.webhookSecret, webhookSecretContext(partner.id)) } : null;
  }

  async setWebhookUrl(partnerId: string, rawUrl: string): Promise<{ url: string }> {
    const url = await this.checkWebhookUrl(rawUrl);
    const result = await this.partners.update({ id: partnerId }, { webhookUrl: url, updatedAt: new Date() });
    if (!result.affected) throw new NotFoundError('Partner');
    return { url };
  }

  async rotateWebhookSecret(partnerId: string): Promise<{ secret: string }> {
    const secret = newWebhookSecret();
    const result = await this.partners.update({ id: partnerId }, { webhookSecret: this.secrets.seal(secret, webhookSecretContext(partnerId)), updatedAt: new Date() });
    if (!result.affected) throw new NotFoundError('Partner');
    return { secret };
  }
}
