import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CursorCodec, DomainError, NotFoundError, SecretBox, newId, rowSecretContext, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UnitOfWork, isDuplicateKey, isDuplicateKeyOn } from '@app/database';
import { JobName, outboxJob } from '@app/queue';
import { ACCESS_SCOPES, canonicalScopes } from './access-scopes.js';
import { charLength, nameTrigrams } from './name-postings.js';
import {
  PartnersRepository,
  partnerUserView,
  type CataloguePartner,
  type PartnerUserRecord,
  type PostingTable,
  type PartnerUserView,
  type PartnerView,
} from './partners.repository.js';
import { WebhookHostResolver } from './webhook-host-resolver.js';
import { loopbackWebhooksAllowed, validateWebhookUrl } from './webhook-url.js';
import { newWebhookSecret } from './webhook-secret.js';

export type { CataloguePartner, PartnerContacts, PartnerUserRecord, PartnerUserView, PartnerView } from './partners.repository.js';

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

const userTakenError = (error: unknown): unknown => {
  if (isDuplicateKeyOn(error, 'uq_partner_users_external_subject'))
    return new DomainError('EXTERNAL_SUBJECT_TAKEN', 'Another user already has this external subject.');
  if (isDuplicateKey(error)) return new DomainError('EMAIL_TAKEN', 'A user with this e-mail already exists.');
  return error;
};

/** The stored webhook secret is sealed; the partner's id binds it to its row. */
const webhookSecretContext = (partnerId: string) => rowSecretContext('partners', 'webhook_secret', partnerId);

/** LIKE treats % and _ as wildcards; a partner called "100%_Digital" must match itself only. */
const likeSubstring = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A query's windows whose postings are counted to choose the rarest (all of them up to this many;
 * a longer query has them sampled evenly, so the look-ups stay bounded however long it is).
 */
export const MAX_COUNTED_WINDOWS = 32;

/**
 * The windows of a query of 3+ characters whose postings are counted to choose the one read: all of them up to
 * MAX_COUNTED_WINDOWS, else that many sampled evenly. Any window's postings hold every match; the counts only
 * say which one is cheapest to read.
 */
function countedWindows(q: string): string[] {
  const all = nameTrigrams(q);
  if (all.length <= MAX_COUNTED_WINDOWS) return all;
  return Array.from({ length: MAX_COUNTED_WINDOWS }, (_, k) => all[Math.round((k * (all.length - 1)) / (MAX_COUNTED_WINDOWS - 1))]!);
}

/**
 * The most index entries one catalogue request reads (a window's postings, or the name index without a
 * query), also when its rarest window is common or it has none. A request that reaches it answers with
 * the matches found so far and a cursor from where it stopped, so every query shape (no match at all,
 * common words in an order no name has) costs at most this much per request.
 */
export const CATALOGUE_SCAN_BUDGET = 2_000;

/** The most entries one statement of a walk reads (a walk with no match yet reads its budget in chunks of this). */
const MAX_WALK_CHUNK = 1_500;

/**
 * How a query is answered. 'rarest' is the service's plan; the others answer the same items, order
 * and cursors more slowly, which the catalogue search test checks by running the service under each:
 * 'commonest' reads the postings of the query's most common counted window, 'scan' walks the
 * (certified, name, id) index for every query (also those of 1 or 2 characters, which the other plans
 * answer from partner_name_bigrams).
 */
export type CataloguePlan = 'rarest' | 'commonest' | 'scan';

/** The CataloguePlan the service runs with: 'rarest' (PartnersModule); a test module may provide another. */
export const CATALOGUE_PLAN = Symbol('CATALOGUE_PLAN');

/** The partner catalogue, partner users and partners' notice endpoints (PartnersRepository owns the tables). */
@Injectable()
export class PartnersService {
  private readonly cursors: CursorCodec;
  private readonly webhookHosts: WebhookHostResolver;
  /** See CATALOGUE_SCAN_BUDGET; tests change it to check that resuming from a partial page loses nothing. */
  catalogueScanBudget = CATALOGUE_SCAN_BUDGET;

  constructor(
    @Inject(PartnersRepository) private readonly repository: PartnersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CATALOGUE_PLAN) private readonly cataloguePlan: CataloguePlan,
    @Inject(SecretBox) private readonly secrets: SecretBox,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
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
    const now = new Date().toISOString();
    const webhookSecret = newWebhookSecret();
    const partner: PartnerView = {
      id: newId(),
      name: input.name,
      description: input.description ?? '',
      certified: input.certified,
      contacts: { email: input.contacts.email, phone: input.contacts.phone ?? null, website: input.contacts.website ?? null },
      services: input.services ?? [],
      scopes: input.scopes ? canonicalScopes(input.scopes) : [...ACCESS_SCOPES],
      webhookUrl,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.insertPartner(partner, this.secrets.seal(webhookSecret, webhookSecretContext(partner.id)));
    return { ...partner, webhookSecret };
  }

  async updatePartner(partnerId: string, changes: PartnerChanges): Promise<PartnerView> {
    if (changes.name === undefined && changes.certified === undefined) return (await this.applyChanges(undefined, partnerId, changes)).after;
    // A rename or a certification change rewrites the partner's postings (they carry name and certified):
    // lock the row so the name and certification read here are the ones replaced.
    // A decertification queues, in the same transaction, the job that tells the sellers bound to the partner (module events).
    return this.unitOfWork.run(async (tx, outbox) => {
      const { before, after } = await this.applyChanges(tx, partnerId, changes);
      if (before.certified && !after.certified)
        await outbox([outboxJob(JobName.TellPartnerDecertified, { partnerId, decertificationId: newId(), after: null })]);
      return after;
    });
  }

  private async applyChanges(tx: EntityManager | undefined, partnerId: string, changes: PartnerChanges): Promise<{ before: PartnerView; after: PartnerView }> {
    const before = await this.repository.findPartner(partnerId, tx, tx !== undefined);
    if (!before) throw new NotFoundError('Partner');
    const after: PartnerView = {
      ...before,
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.certified !== undefined && { certified: changes.certified }),
      ...(changes.services !== undefined && { services: changes.services }),
      ...(changes.scopes !== undefined && { scopes: canonicalScopes(changes.scopes) }),
      ...(changes.contacts !== undefined && {
        contacts: { email: changes.contacts.email, phone: changes.contacts.phone ?? null, website: changes.contacts.website ?? null },
      }),
      updatedAt: new Date().toISOString(),
    };
    await this.repository.updatePartner(tx, before, after);
    return { before, after };
  }

  async createUser(partnerId: string, input: { email: string; name: string; externalSubject?: string }): Promise<PartnerUserView> {
    if (!(await this.repository.findPartner(partnerId))) throw new NotFoundError('Partner');
    const user: PartnerUserView = {
      id: newId(),
      partnerId,
      email: input.email.toLowerCase(),
      name: input.name,
      active: true,
      externalSubject: input.externalSubject ?? null,
    };
    try {
      await this.repository.insertUser(user, new Date());
    } catch (error) {
      throw userTakenError(error);
    }
    return user;
  }

  /** The live row, with the moment before which the user's tokens are refused (authorisation reads it on every request). */
  findUser(userId: string): Promise<PartnerUserRecord | null> {
    return this.repository.findUser(userId);
  }

  /** The user the identity provider's subject is mapped to (authorisation of its tokens). */
  findUserByExternalSubject(subject: string): Promise<PartnerUserRecord | null> {
    return this.repository.findUserByExternalSubject(subject);
  }

  /** Partner users of every partner by e-mail, after `after` (the operator's user list, e.g. the cabinet's demo picker). */
  listUsersAfter(after: { email: string; id: string } | null, limit: number): Promise<PartnerUserView[]> {
    return this.repository.listUsersAfter(after, limit);
  }

  /** Deactivating revokes every token issued until now (reactivating does not bring them back). */
  async updateUser(partnerId: string, userId: string, changes: { active?: boolean; externalSubject?: string | null }): Promise<PartnerUserView> {
    const found = await this.repository.findUser(userId, partnerId);
    if (!found) throw new NotFoundError('User');
    const user = partnerUserView(found);
    if (changes.active !== undefined) user.active = changes.active;
    if (changes.externalSubject !== undefined) user.externalSubject = changes.externalSubject;
    try {
      await this.repository.updateUser(user, changes.active === false);
    } catch (error) {
      throw userTakenError(error);
    }
    return user;
  }

  /**
   * Certified partners whose name contains `query` (case-insensitive, accent-insensitive: the
   * column's collation), by name. A query of 3+ characters reads the postings of its rarest window
   * (by partner_name_trigram_counts): when it has at most CATALOGUE_SCAN_BUDGET of them, all from the
   * cursor on (they hold every match, carry the name and are kept in (certified, name, id) order),
   * checking LIKE on each and stopping after a page; when even the rarest is more common, it walks
   * them in name order within the budget. A query of 1 or 2 characters walks the postings of the
   * query itself in partner_name_bigrams (nearly every one matches, so one page is read), and no query
   * the (certified, name, id) index. The matching partners' catalogue fields come with the postings
   * in the same statement, and on a first page of 3+ characters the window counts too (the server chooses
   * the window): a first page is one statement, a later one two (PartnersRepository.rarestWindowMatching says
   * why), plus the walk's when even the rarest window is common.
   */
  async searchCatalogue(query: string | undefined, limit: number, cursor: string | undefined): Promise<Page<CataloguePartner>> {
    const after = cursor ? this.cursors.decode('catalogue', cursor) : null;
    const q = query?.trim() || undefined;
    let matches: CataloguePartner[];
    let stoppedAt: [string, string] | null = null;
    const short = q !== undefined && charLength(q) < 3;
    if (short && this.cataloguePlan !== 'scan') {
      ({ matches, stoppedAt } = await this.walkCatalogue('partner_name_bigrams', q, q, limit, after));
    } else if (q && !short && this.cataloguePlan !== 'scan') {
      const grams = countedWindows(q);
      const commonest = this.cataloguePlan === 'commonest';
      const rarest = await this.repository.rarestWindowMatching(grams, likeSubstring(q), after, limit + 1, this.catalogueScanBudget, commonest);
      if (rarest.matches) matches = rarest.matches;
      else ({ matches, stoppedAt } = await this.walkCatalogue('partner_name_trigrams', grams[rarest.index]!, q, limit, after));
    } else {
      ({ matches, stoppedAt } = await this.walkCatalogue(null, null, q, limit, after));
    }
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    const resumeAfter = matches.length > limit && last ? [last.name, last.id] : stoppedAt;
    return { items: page, nextCursor: resumeAfter ? this.cursors.encode('catalogue', resumeAfter) : null };
  }

  /**
   * Walks a window's certified postings in `from` (or, without one, the (certified, name, id) index) in
   * name order after the cursor, in chunks, until limit + 1 matches or the scan budget: the entries read
   * are bounded whatever the query. The first chunk is one page (enough when every entry matches); each
   * later one is sized from the share of matches so far, so the partners looked up with the matches are
   * not many more than the page needs. `stoppedAt` is the last entry read when the budget ran out first.
   */
  private async walkCatalogue(
    from: PostingTable | null,
    gram: string | null,
    q: string | undefined,
    limit: number,
    after: unknown[] | null,
  ): Promise<{ matches: CataloguePartner[]; stoppedAt: [string, string] | null }> {
    const matches: CataloguePartner[] = [];
    // LIKE is evaluated on each entry read (index columns only), not used to skip entries: the chunk's LIMIT counts entries read.
    const like = q ? likeSubstring(q) : undefined;
    let position = after as [string, string] | null;
    let budget = this.catalogueScanBudget;
    let read = 0;
    while (budget > 0) {
      const needed = limit + 1 - matches.length;
      // Entries expected to hold the matches still needed at the share seen so far, half as many again for the estimate's error.
      const expected = read === 0 ? needed : matches.length === 0 ? MAX_WALK_CHUNK : Math.ceil(((needed * read) / matches.length) * 1.5);
      const size = Math.min(budget, MAX_WALK_CHUNK, Math.max(needed, expected));
      const entries = await this.repository.walkEntries(from, gram, like, position, size);
      for (const entry of entries) {
        if (!entry.partner) continue;
        matches.push(entry.partner);
        if (matches.length > limit) return { matches, stoppedAt: null };
      }
      if (entries.length < size) return { matches, stoppedAt: null };
      const last = entries.at(-1)!;
      position = [last.name, last.id];
      budget -= size;
      read += size;
    }
    return { matches, stoppedAt: position };
  }

  /** One certified partner, or null (a decertified partner is not in the catalogue). */
  getCertified(partnerId: string): Promise<CataloguePartner | null> {
    // Plain SQL in the repository: the catalogue's partner page asks this, and a "Turn On" that inserted nothing.
    return this.repository.findCertified(partnerId);
  }

  getPartner(partnerId: string): Promise<PartnerView | null> {
    return this.repository.findPartner(partnerId);
  }

  /** Partners by id whatever their certification (bound partners stay visible to their clients). */
  async getMany(partnerIds: string[]): Promise<Map<string, CataloguePartner>> {
    const partners = await this.repository.findMany([...new Set(partnerIds)]);
    return new Map(partners.map((partner) => [partner.id, partner]));
  }

  async getNoticeEndpoint(partnerId: string): Promise<NoticeEndpoint | null> {
    const webhook = await this.repository.findWebhook(partnerId);
    return webhook ? { url: webhook.url, secret: this.secrets.open(webhook.sealedSecret, webhookSecretContext(webhook.id)) } : null;
  }

  async setWebhookUrl(partnerId: string, rawUrl: string): Promise<{ url: string }> {
    const url = await this.checkWebhookUrl(rawUrl);
    if (!(await this.repository.updateWebhook(partnerId, { url }))) throw new NotFoundError('Partner');
    return { url };
  }

  async rotateWebhookSecret(partnerId: string): Promise<{ secret: string }> {
    const secret = newWebhookSecret();
    if (!(await this.repository.updateWebhook(partnerId, { sealedSecret: this.secrets.seal(secret, webhookSecretContext(partnerId)) })))
      throw new NotFoundError('Partner');
    return { secret };
  }
}
